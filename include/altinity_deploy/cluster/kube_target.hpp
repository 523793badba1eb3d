#pragma once
// Which kubeconfig and context a run uses. Precedence, highest first:
// --kubeconfig / KUBECONFIG, then the manifest's targetCluster credential
// (a kubeconfig file in the credentials folder), then kubectl's default; the
// context from --context, else targetCluster.kubernetesClusterSelector.clusterName.
#include <string>
#include <vector>

#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/spec/operator_spec.hpp"
#include "altinity_deploy/tools/kube_access.hpp"

namespace altinity_deploy::cluster {

struct AccessInputs {
  std::string kubeconfig_flag;
  std::string context_flag;
  std::string credentials_dir_flag;
  std::string kubeconfig_env;       // $KUBECONFIG
  std::string credentials_dir_env;  // $ALTINITY_DEPLOY_CREDENTIALS_DIR
  std::string home;                 // $HOME
};

struct ResolvedAccess {
  tools::KubeAccess access;
  std::string kubeconfig_source;  // "--kubeconfig", "KUBECONFIG", "credential 'prod'", "kubectl's default"
  std::vector<std::string> notes;  // e.g. a manifest setting that a flag overrode
};

std::string credentials_dir(const AccessInputs& inputs);

// Fails with ExitCode::unavailable for a missing credential file, and for one
// that group or others can read (like ssh with private keys).
Result<ResolvedAccess> resolve_access(const AccessInputs& inputs, const spec::TargetCluster& target);

}  // namespace altinity_deploy::cluster
