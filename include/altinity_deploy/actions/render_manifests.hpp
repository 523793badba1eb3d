#pragma once
// render --manifests: the Kubernetes objects `up` would apply, made offline
// with helm alone: the chart's CRDs first (createCrds; as `up` applies them,
// with the deployer's fingerprint annotation), then `helm template` of the
// release with the values `up` passes (the operator's password as
// "<generated>", which render cannot know), in Helm's install order. Secrets
// masked (plan/secret_masking.hpp) unless show_secrets.
#include <string>
#include <vector>

#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/plan/rendered_objects.hpp"
#include "altinity_deploy/spec/operator_spec.hpp"
#include "altinity_deploy/tools/helm_client.hpp"
#include "altinity_deploy/yaml/yaml_tree.hpp"

namespace altinity_deploy::actions {

struct ManifestsRequest {
  std::string kube_version;  // empty: helm template's built-in default
  bool show_secrets = false;
  std::string temp_dir;      // where the 0600 values file goes while helm reads it
};

struct RenderedManifests {
  std::vector<plan::RenderedObject> objects;  // CRDs first, then the release's objects
  std::string capabilities;                   // what the rendering assumed of the cluster, for stderr
};

// `values`: render's values (plan::build_values with apply_generated_marker).
// `helm` knows its version (detect_version ran).
Result<RenderedManifests> render_manifests(tools::HelmClient& helm, const spec::OperatorSpec& spec,
                                           const yaml::Node& values, const ManifestsRequest& request);

}  // namespace altinity_deploy::actions
