#pragma once
// The redaction policy (redact/redaction.hpp) applied to a YAML tree. It
// lives beside the tree, so that redact/ knows no YAML and the YAML loader
// can quote user text through redact::excerpt.
#include "altinity_deploy/yaml/yaml_tree.hpp"

namespace altinity_deploy::redact {

// A value the policy hides, as shown: a mapping keeps its keys and hides
// each value; kGenerated stays; anything else is kRedacted.
yaml::Node hide(const yaml::Node& node);

// A copy with every rule applied. Mappings reached through merge keys ("<<")
// count as part of the mapping that merges them.
yaml::Node redact(const yaml::Node& node);

}  // namespace altinity_deploy::redact
