#pragma once
// Writes a yaml::Node as block YAML. Plain scalars stay plain and quoted ones
// stay quoted, so Helm reads each value with the type the user wrote.
#include <string>

#include "altinity_deploy/yaml/yaml_tree.hpp"

namespace altinity_deploy::yaml {

std::string emit(const Node& node);

}  // namespace altinity_deploy::yaml
