// The leaf diff of two value trees (the YAML -> JSON reading is yaml/yaml_to_json.cpp).
#include <set>
#include <string_view>

#include "altinity_deploy/plan/values_diff.hpp"
#include "altinity_deploy/redact/redaction.hpp"
#include "altinity_deploy/yaml/yaml_path.hpp"

namespace altinity_deploy::plan {
namespace {

using nlohmann::json;

std::optional<json> shown(const json* value, bool secret) {
  if (value == nullptr) return std::nullopt;
  return secret ? redact::hide(*value) : redact::redact(*value);
}

// A member hidden by its own name or by its mapping's (kind: Secret, an
// env entry's secret-like name) on either side of the diff.
bool hides(const json* before, const json* after, const std::string& key) {
  return (before != nullptr && redact::hides_member(*before, key)) ||
         (after != nullptr && redact::hides_member(*after, key)) || redact::is_secret_key(key);
}

const json* member(const json* object, const std::string& key) {
  if (object == nullptr || !object->is_object()) return nullptr;
  auto it = object->find(key);
  return it == object->end() ? nullptr : &*it;
}

bool has_members(const json* value) { return value != nullptr && value->is_object() && !value->empty(); }

void diff_at(const std::string& path, const json* before, const json* after, bool secret,
             std::vector<ValueChange>& changes) {
  const bool both_objects = before != nullptr && after != nullptr && before->is_object() && after->is_object();
  // Into mappings, also one that only one side has, so that every leaf is
  // named; an empty mapping is a leaf of its own.
  if (both_objects || (before == nullptr && has_members(after)) || (after == nullptr && has_members(before))) {
    std::set<std::string> keys;
    for (const json* side : {before, after}) {
      if (side == nullptr) continue;
      for (const auto& [key, value] : side->items()) keys.insert(key);
    }
    for (const auto& key : keys) {
      diff_at(yaml::child_path(path, key), member(before, key), member(after, key),
              secret || hides(before, after, key), changes);
    }
    return;
  }
  if (before == nullptr && after == nullptr) return;
  if (before != nullptr && after != nullptr && *before == *after) return;
  changes.push_back(ValueChange{path, shown(before, secret), shown(after, secret)});
}

}  // namespace

std::vector<ValueChange> diff_values(const json& deployed, const json& desired) {
  static const json kEmpty = json::object();
  std::vector<ValueChange> changes;
  diff_at("", deployed.is_null() ? &kEmpty : &deployed, desired.is_null() ? &kEmpty : &desired, false, changes);
  return changes;
}

}  // namespace altinity_deploy::plan
