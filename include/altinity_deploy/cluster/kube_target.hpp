#pragma once
// Which kubeconfig and context a run uses. Precedence, highest first (one
// table, in choose_kube_target; docs/commands.md "Which cluster"):
//   kubeconfig: --kubeconfig, then the manifest's targetCluster credential
//               (a kubeconfig file in the credentials folder), then
//               $KUBECONFIG, then kubectl's default;
//   context:    --context, then the manifest's cluster selector (clusterName),
//               then the kubeconfig's current context.
// The manifest names its cluster, so it wins over the environment: a
// KUBECONFIG left set in a shell must not send a fleet to one cluster.
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

// Where the kubeconfig comes from, highest precedence first.
enum class KubeconfigSource { flag, credential, environment, kubectl_default };

// The choice made by the precedence table alone: no file is read, so a
// fleet can name every target's cluster before anything runs.
struct KubeTargetChoice {
  KubeconfigSource source = KubeconfigSource::kubectl_default;
  std::string kubeconfig;  // the flag's file, the credential id or $KUBECONFIG; empty for kubectl's default
  std::string context;     // empty: the kubeconfig's current context
  bool context_from_flag = false;
  std::vector<std::string> notes;  // what the command line overrode, what the manifest won over
};

KubeTargetChoice choose_kube_target(const AccessInputs& inputs, const spec::TargetCluster& target);

// The cluster as the manifest alone names it ("credential eu-prod context
// x"), flags and environment left out; empty when it names none.
std::string manifest_cluster(const spec::TargetCluster& target);

// The chosen cluster in words, without secrets: "credential prod-eu",
// "kubeconfig /path context ctx", "kubectl's default".
std::string describe_choice(const KubeTargetChoice& choice);

// Fails with ExitCode::unavailable for a missing credential file, and for one
// that group or others can read (like ssh with private keys).
Result<ResolvedAccess> resolve_access(const AccessInputs& inputs, const spec::TargetCluster& target);

}  // namespace altinity_deploy::cluster
