// render --manifests' masking of the objects it prints (secret_masking.hpp).
#include "altinity_deploy/plan/secret_masking.hpp"

#include <string>

#include "altinity_deploy/plan/rendered_objects.hpp"
#include "altinity_deploy/redact/redaction.hpp"

namespace altinity_deploy::plan {
namespace {

using yaml::Node;

bool is_string(const Node& node) {
  return node.is_scalar() && (node.style() == Node::Style::quoted || !node.plain_but_not_string());
}

// A Secret's data or stringData: every value hidden, the keys kept.
void mask_secret_data(Node& data, bool base64) {
  auto entries = data.take_entries();
  for (auto& [key, value] : entries) {
    if (!value.is_null()) {
      value = Node::quoted(base64 ? std::string(kRedactedBase64) : std::string(redact::kRedacted), value.mark());
    }
    data.add_entry(std::move(key), std::move(value));
  }
}

bool mask_mapping(Node& node) {
  const std::string kind = member_text(node, "kind");
  const std::string name = member_text(node, "name");
  bool masked = false;
  auto entries = node.take_entries();
  for (auto& [key, value] : entries) {
    const std::string key_text = key.is_scalar() ? key.text() : std::string{};
    if (kind == "Secret" && (key_text == "data" || key_text == "stringData") && value.is_mapping()) {
      mask_secret_data(value, key_text == "data");
      masked = true;
    } else if (redact::is_hidden_member(key_text, kind, name) && is_string(value)) {
      value = Node::quoted(std::string(redact::kRedacted), value.mark());
    } else {
      masked = mask_secrets(value) || masked;
    }
    node.add_entry(std::move(key), std::move(value));
  }
  return masked;
}

}  // namespace

bool mask_secrets(Node& node) {
  if (node.is_mapping()) return mask_mapping(node);
  if (node.is_sequence()) {
    bool masked = false;
    auto items = node.take_items();
    for (auto& item : items) {
      masked = mask_secrets(item) || masked;
      node.push_back(std::move(item));
    }
    return masked;
  }
  return false;
}

}  // namespace altinity_deploy::plan
