#pragma once
// spec -> the Helm values tree. Built as a tree, never as --set paths: the
// chart's watch scope lives under the key "config.yaml", which has a dot.
#include "altinity_deploy/spec/operator_spec.hpp"
#include "altinity_deploy/yaml/yaml_tree.hpp"

namespace altinity_deploy::plan {

// operator.createCRD, operator.resources,
// configs.files."config.yaml".watch.namespaces, crdHook.enabled: false, then
// spec.values merged last.
yaml::Node build_values(const spec::OperatorSpec& spec);

}  // namespace altinity_deploy::plan
