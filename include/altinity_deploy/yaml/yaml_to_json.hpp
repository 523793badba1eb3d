#pragma once
// A YAML tree as JSON, the way Helm and kubectl read it: the values a
// release is compared by, the objects drift compares.
#include <nlohmann/json.hpp>

#include "altinity_deploy/yaml/yaml_tree.hpp"

namespace altinity_deploy::yaml {

// What Helm and kubectl (Go's YAML 1.1 reader, then JSON) make of a YAML
// tree: a quoted scalar is a string; a plain one is a bool
// (true/yes/on/y...), null (~, null, empty), an integer (decimal, 0x, 0o,
// 0b, leading-0 octal, '_' separators), a float, or else a string. Mapping
// keys become strings. "<<" merge keys were applied when the text was loaded
// (yaml::load), as Go's reader applies them.
nlohmann::json to_json(const Node& node);

}  // namespace altinity_deploy::yaml
