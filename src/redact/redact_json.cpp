// The policy applied to whole JSON value trees: the values `plan` compares.
// The YAML tree `render` prints: yaml/yaml_redaction.cpp.
#include <string>

#include "altinity_deploy/redact/redaction.hpp"

namespace altinity_deploy::redact {

nlohmann::json hide(const nlohmann::json& value) {
  if (value.is_string() && value.get_ref<const std::string&>() == kGenerated) return value;
  if (!value.is_object()) return std::string(kRedacted);
  nlohmann::json copy = nlohmann::json::object();
  for (const auto& [key, item] : value.items()) copy[key] = hide(item);
  return copy;
}

nlohmann::json redact(const nlohmann::json& value) {
  if (value.is_string()) return redact_text(value.get_ref<const std::string&>());
  if (value.is_array()) {
    nlohmann::json copy = nlohmann::json::array();
    for (const auto& item : value) copy.push_back(redact(item));
    return copy;
  }
  if (!value.is_object()) return value;
  nlohmann::json copy = nlohmann::json::object();
  for (const auto& [key, item] : value.items()) {
    copy[key] = hides_member(value, key) ? hide(item) : redact(item);
  }
  return copy;
}

}  // namespace altinity_deploy::redact
