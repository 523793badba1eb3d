// YAML -> JSON the way Helm reads a values file (Go's YAML 1.1 reader, then
// encoding/json), and the leaf diff of two value trees.
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string_view>

#include "altinity_deploy/yaml/scalar.hpp"
#include "altinity_deploy/plan/values_diff.hpp"
#include "altinity_deploy/redact/redaction.hpp"
#include "altinity_deploy/yaml/yaml_emitter.hpp"
#include "altinity_deploy/yaml/yaml_path.hpp"

namespace altinity_deploy::plan {
namespace {

using nlohmann::json;
using yaml::Node;

// A plain scalar that YAML 1.1 reads as a number.
json number_json(const std::string& text) {
  std::string plain = text;
  std::erase(plain, '_');
  if (auto integer = yaml::parse_go_integer(plain)) {
    return std::visit([](auto value) { return json(value); }, *integer);
  }
  errno = 0;
  char* end = nullptr;
  const double value = std::strtod(plain.c_str(), &end);
  // .inf and .nan have no JSON form; Helm cannot store them either. Keep the
  // text so that a diff still shows what was written.
  if (end == plain.c_str() || *end != '\0' || value != value || value - value != 0) return text;
  return value;
}

json scalar_json(const Node& node) {
  if (node.style() == Node::Style::quoted) return node.text();
  switch (yaml::resolve_plain(node.text())) {
    case yaml::PlainType::string: return node.text();
    case yaml::PlainType::null: return nullptr;
    case yaml::PlainType::boolean: return yaml::yaml11_bool(node.text()).value_or(false);
    case yaml::PlainType::number: return number_json(node.text());
  }
  return node.text();
}

// JSON object keys are strings: a key Go reads as a bool or number becomes
// that value's text ("on" -> "true", "0x10" -> "16").
std::string key_text(const Node& key) {
  if (key.is_null()) return "null";
  if (!key.is_scalar()) return yaml_to_json(key).dump();
  const json value = scalar_json(key);
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

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

json yaml_to_json(const Node& node) {
  switch (node.kind()) {
    case Node::Kind::null:
      return nullptr;
    case Node::Kind::scalar:
      return scalar_json(node);
    case Node::Kind::sequence: {
      json array = json::array();
      for (const Node& item : node.items()) array.push_back(yaml_to_json(item));
      return array;
    }
    case Node::Kind::mapping: {
      json object = json::object();
      // Merge keys ("<<") were applied by yaml::load, the one place that
      // knows them, so every tree reaching here holds what Helm would read.
      for (const auto& [key, value] : node.entries()) object[key_text(key)] = yaml_to_json(value);
      return object;
    }
  }
  return nullptr;
}

std::vector<ValueChange> diff_values(const json& deployed, const json& desired) {
  static const json kEmpty = json::object();
  std::vector<ValueChange> changes;
  diff_at("", deployed.is_null() ? &kEmpty : &deployed, desired.is_null() ? &kEmpty : &desired, false, changes);
  return changes;
}

}  // namespace altinity_deploy::plan
