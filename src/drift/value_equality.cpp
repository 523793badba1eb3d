// When a stored value and a live one are the same for the API server
// (docs/drift.md, "Normalisation").
#include <cstdint>
#include <string>

#include "altinity_deploy/drift/drift.hpp"
#include "altinity_deploy/manifest/quantity.hpp"

namespace altinity_deploy::drift {
namespace {

using nlohmann::json;

// An integer's decimal text, as an int-or-string member takes it: "8080".
bool integer_text(const json& number, const json& text) {
  if (!number.is_number_integer() || !text.is_string()) return false;
  const std::string digits = number.is_number_unsigned() ? std::to_string(number.get<std::uint64_t>())
                                                          : std::to_string(number.get<std::int64_t>());
  return digits == text.get<std::string>();
}

// A quantity member as text: "500m", or a YAML number (2, 0.5) as Go prints it.
std::optional<std::string> quantity_text(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number()) return value.dump();
  return std::nullopt;
}

}  // namespace

bool is_empty_value(const json& value) {
  return value.is_null() || (value.is_string() && value.get_ref<const std::string&>().empty()) ||
         ((value.is_object() || value.is_array()) && value.empty());
}

bool same_scalar(const json& stored, const json& live, bool quantity) {
  if (stored == live) return true;
  if (integer_text(stored, live) || integer_text(live, stored)) return true;
  if (!quantity) return false;
  const auto a = quantity_text(stored);
  const auto b = quantity_text(live);
  return a && b && manifest::same_quantity(*a, *b);
}

}  // namespace altinity_deploy::drift
