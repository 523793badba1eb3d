#pragma once
// `kubectl diff` of a release's stored manifest against the cluster, with
// the whole object as diff context (drift::kKubectlExternalDiff), so that
// drift::parse_kubectl_diff can name every changed field. A free function so
// that it can move with the kubectl client.
#include <string>

#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/tools/kubectl_client.hpp"

namespace altinity_deploy::tools {

// The diff text; empty when nothing differs (kubectl exit 0). kubectl's exit
// 1 means differences; anything else is an error.
Result<std::string> diff_manifest(KubectlClient& kubectl, const std::string& manifest, const std::string& ns);

}  // namespace altinity_deploy::tools
