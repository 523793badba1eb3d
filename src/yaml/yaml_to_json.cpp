// YAML -> JSON the way Helm reads a values file (Go's YAML 1.1 reader, then
// encoding/json).
#include "altinity_deploy/yaml/yaml_to_json.hpp"

#include <cerrno>
#include <cstdlib>
#include <string>
#include <variant>

#include "altinity_deploy/yaml/scalar.hpp"

namespace altinity_deploy::yaml {
namespace {

using nlohmann::json;

// A plain scalar that YAML 1.1 reads as a number.
json number_json(const std::string& text) {
  std::string plain = text;
  std::erase(plain, '_');
  if (auto integer = parse_go_integer(plain)) {
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
  switch (resolve_plain(node.text())) {
    case PlainType::string: return node.text();
    case PlainType::null: return nullptr;
    case PlainType::boolean: return yaml11_bool(node.text()).value_or(false);
    case PlainType::number: return number_json(node.text());
  }
  return node.text();
}

// JSON object keys are strings: a key Go reads as a bool or number becomes
// that value's text ("on" -> "true", "0x10" -> "16").
std::string key_text(const Node& key) {
  if (key.is_null()) return "null";
  if (!key.is_scalar()) return to_json(key).dump();
  const json value = scalar_json(key);
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

}  // namespace

json to_json(const Node& node) {
  switch (node.kind()) {
    case Node::Kind::null:
      return nullptr;
    case Node::Kind::scalar:
      return scalar_json(node);
    case Node::Kind::sequence: {
      json array = json::array();
      for (const Node& item : node.items()) array.push_back(to_json(item));
      return array;
    }
    case Node::Kind::mapping: {
      json object = json::object();
      // Merge keys ("<<") were applied by yaml::load, the one place that
      // knows them, so every tree reaching here holds what Helm would read.
      for (const auto& [key, value] : node.entries()) object[key_text(key)] = to_json(value);
      return object;
    }
  }
  return nullptr;
}

}  // namespace altinity_deploy::yaml
