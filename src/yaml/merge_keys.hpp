#pragma once
// YAML merge keys ("<<"), applied exactly as Go's yaml.v2 applies them when
// Helm reads a values file (sigs.k8s.io/yaml): only a plain `<<` key (or one
// tagged !!merge) merges; its value is a mapping, an alias to one, or a
// sequence of those, earlier mappings in the sequence taking precedence.
// Keys are processed in document order, each one overwriting what is there:
// a key written after `<<` overrides the merged one, a key written before it
// is overwritten by the merge (decode.go: d.merge unmarshals into the same
// map, SetMapIndex replaces).
#include <string>
#include <vector>

#include "altinity_deploy/yaml/yaml_loader.hpp"

namespace altinity_deploy::yaml::detail {

bool is_merge_key(const Node& key);

// Applies the merge keys of `mapping`, whose values have had their own merge
// keys applied already. Entries are moved, never copied, so the mapping
// never grows beyond what was parsed. A merge value of another kind is a
// problem (Helm refuses it too) and is dropped.
void apply_merge_keys(Node& mapping, const std::string& path, std::vector<LoadProblem>& problems);

}  // namespace altinity_deploy::yaml::detail
