#pragma once
// One mapping of the manifest matched against the fields it may hold: each
// field may be written in lowerCamel, snake_case or a listed alias. Unknown
// fields, a field given under two spellings and two fields that exclude each
// other (FieldName::excludes) are reported on construction.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "altinity_deploy/yaml/yaml_tree.hpp"
#include "report.hpp"

namespace altinity_deploy::manifest {

// A field as written in the manifest.
struct Field {
  const yaml::Node* key = nullptr;
  const yaml::Node* value = nullptr;
  std::string path;  // dotted, with the key spelled as written

  // Where a problem with the whole value points: at a scalar value itself,
  // at the key of an empty value or a collection (whose own position is the
  // next line or its first child).
  yaml::Mark mark() const { return value->is_scalar() ? value->mark() : key->mark(); }
};

inline bool comes_before(yaml::Mark a, yaml::Mark b) {
  return a.line != b.line ? a.line < b.line : a.column < b.column;
}

// What a field's value must be; the readers check it, `schema` states it.
enum class FieldType {
  string,        // a non-empty string (a plain number or bool draws a warning)
  boolean,       // true or false
  integer,       // a whole number
  quantity,      // a Kubernetes quantity: a string or a plain number
  string_list,   // a sequence of strings
  string_map,    // a mapping of strings to strings
  mapping,       // a mapping of the fields in `fields` (unknown keys refused); empty keeps the defaults
  open_mapping,  // a mapping of anything (spec.values, status)
  mapping_list,  // a sequence of mappings of the fields in `fields` (driftDetection.ignore)
};

// One field of a mapping: the names it may be written under, and what the
// manifest's JSON Schema (`altinity-deploy schema`) says about it. The
// tables are in manifest_fields.cpp; the readers match keys with them.
struct FieldName {
  std::string_view name;                       // lowerCamel, as documented
  std::vector<std::string_view> aliases = {};  // accepted too, each with its snake_case twin
  FieldType type = FieldType::string;
  std::string_view description = {};
  const std::vector<FieldName>* fields = nullptr;  // for FieldType::mapping
  nlohmann::json default_value = nullptr;          // null: no default to state
  std::vector<std::string_view> choices = {};      // the only values accepted, when fixed
  std::optional<long long> minimum = {};
  std::optional<long long> maximum = {};
  bool required = false;
  // A field of the same mapping that says the same thing another way
  // (timeout beside timeoutSeconds): the two may not be given together.
  // Declared on one of the two only (one error, one schema rule).
  std::string_view excludes = {};
  std::string_view pattern = {};  // a regular expression the schema states (the reader checks more)
};

// Every spelling of a field: its name, its aliases, and the snake_case twin
// of each.
std::vector<std::string> spellings(const FieldName& field);

class FieldMap {
 public:
  FieldMap(const yaml::Node& mapping, std::string path, const std::vector<FieldName>& names, Report& report);

  // The field, looked up by its lowerCamel name, when it was given.
  std::optional<Field> get(std::string_view name) const;
  const std::string& path() const { return path_; }

 private:
  void report_exclusions(const std::vector<FieldName>& names, Report& report) const;

  std::string path_;
  std::map<std::string_view, const yaml::Node::Entry*> given_;  // lowerCamel name -> entry
};

}  // namespace altinity_deploy::manifest
