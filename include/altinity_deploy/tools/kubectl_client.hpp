#pragma once
// The kubectl client: each kubectl call the deployer makes, and the parsing
// of kubectl's JSON. Every call carries the run's KubeAccess.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/exec/command_runner.hpp"
#include "altinity_deploy/exec/runners.hpp"
#include "altinity_deploy/tools/kube_access.hpp"
#include "altinity_deploy/tools/kube_objects.hpp"
#include "altinity_deploy/tools/read_cache.hpp"
#include "altinity_deploy/tools/release_object_refs.hpp"

namespace altinity_deploy::tools {

// What a run targets, said before anything changes. No credentials in here.
// The kinds the operator chart renders (its templates/generated), as one
// word for `kubectl get`.
inline constexpr const char* kReleaseObjectKinds =
    "configmaps,secrets,services,serviceaccounts,deployments.apps,roles.rbac.authorization.k8s.io,"
    "rolebindings.rbac.authorization.k8s.io,clusterroles.rbac.authorization.k8s.io,"
    "clusterrolebindings.rbac.authorization.k8s.io";

struct ClusterTarget {
  std::string context;     // the context in effect
  std::string cluster;     // the kubeconfig's cluster name
  std::string server;      // API server URL
};

struct ServerVersion {
  int major = 0;
  int minor = 0;
  std::string git_version;  // "v1.20.2"
};

struct NamespaceInfo {
  std::string phase;  // Active, Terminating
  std::map<std::string, std::string> labels;
  // The messages of its status conditions that hold (the namespace
  // controller names the resources and finalizers a Terminating one waits for).
  std::vector<std::string> conditions;
};

// How `delete_namespace` ended when kubectl did not fail outright.
enum class NamespaceDeletion { deleted, timed_out };

class LeaseClient;

// helmexec's shape for kubectl: one method per operation the deployer makes,
// which builds the argv (with the run's KubeAccess), runs it and returns a
// typed result. Bound to one release and its namespace. Reads go through
// `runners.reads`, changes through `runners.changes` (a DryRunRunner there
// records them instead).
class KubectlClient {
 public:
  KubectlClient(exec::Runners runners, std::string binary, KubeAccess access, ReleaseRef release = {});

  const ReleaseRef& release() const { return release_; }
  // The same client with its changes going to `changes` (a dry run records them there).
  KubectlClient with_change_runner(exec::CommandRunner& changes) const;

  // Answers describe_target from `cache` when kubectl and the kubeconfig
  // inputs are those of the kept answer (kubectl_target.cpp).
  void use_read_cache(ReadCache cache) { cache_ = std::move(cache); }

  // The refs of the release's stored objects a run that read the release
  // kept in the read cache, under the kubeconfig's identity (as
  // describe_target's), the release's name and namespace
  // (release_object_refs.cpp); nullopt without a cache or an entry.
  std::optional<RememberedRefs> remembered_release_refs() const;
  // Best effort, as every cache write.
  void remember_release_refs(const RememberedRefs& refs) const;

  // `kubectl config view --minify`: which context and server; offline. From
  // the read cache when nothing it depends on changed (kubectl's binary,
  // the kubeconfig files' content, --context, the in-cluster variables);
  // the cache keeps only the ClusterTarget, never a credential.
  Result<ClusterTarget> describe_target();
  // `kubectl get --raw /version`: proves the API server answers.
  // `limit`: how long kubectl may take (0: the usual query limit, 60 s).
  // After another read failed it is asked only to say why, so briefly:
  // a kubectl that hangs has already cost its full wait.
  Result<ServerVersion> server_version(std::chrono::seconds limit = std::chrono::seconds(0));

  // The release namespace; nullopt when it does not exist.
  Result<std::optional<NamespaceInfo>> get_namespace();
  // `kubectl delete namespace --wait --timeout=Ns`; an absent namespace is deleted.
  Result<NamespaceDeletion> delete_namespace(int timeout_seconds);

  // `kubectl get KIND/NAME... --ignore-not-found -o json`: several objects,
  // even of different kinds, in one call; those that do not exist are left out.
  Result<std::vector<nlohmann::json>> get_objects(const std::vector<std::string>& kind_slash_names);
  // These CustomResourceDefinitions, those that exist.
  Result<std::vector<nlohmann::json>> get_crds(const std::vector<std::string>& names);
  // The Deployments, ReplicaSets and Pods labelled app.kubernetes.io/instance=<release>
  // in its namespace, in one call (status: the operator's Deployment and its pods' restarts).
  Result<Workloads> workloads_of_release();
  // Its Deployments alone: status's read when the account may not list pods.
  Result<Workloads> deployments_of_release();
  // The release's live objects of the kinds the operator chart renders
  // (kReleaseObjectKinds), by Helm's instance label, in one get.
  Result<std::vector<nlohmann::json>> labelled_release_objects();
  // Objects by KIND[.GROUP]/NAME in `namespace_name` (cluster-wide ones
  // wherever); absent ones left out.
  Result<std::vector<nlohmann::json>> release_objects(const std::vector<std::string>& refs,
                                                      const std::string& namespace_name);
  // The release's pods and ReplicaSets as one List (for the fail-fast
  // watcher: short timeouts, called every few seconds while helm waits).
  Result<Workloads> pods_of_release();
  // The Secrets in which Helm keeps the release's revisions (its default
  // `secret` storage driver), for tools/helm_release_secret.hpp to decode.
  Result<std::vector<nlohmann::json>> release_records();
  // The Secrets of every Helm release's current record, in all namespaces
  // (cluster_releases.hpp's kCurrentReleaseSelector).
  Result<std::vector<nlohmann::json>> current_release_records_everywhere();
  // The HorizontalPodAutoscalers in the release's namespace (their targets'
  // replica counts are theirs, not drift).
  Result<std::vector<nlohmann::json>> autoscalers();
  // The names of the nodes labelled kSimulatedNodeLabel=true (cluster-scoped:
  // a user without the right to list nodes gets an error).
  Result<std::vector<std::string>> simulated_nodes();
  // The ClickHouse installations of these kinds ("a,b") in all namespaces;
  // nullopt when the server does not know one of the kinds.
  Result<std::optional<ClickHouseInstallations>> installations_everywhere(const std::string& kinds);

  // Server-side apply of the CRD documents (field manager altinity-deploy,
  // forcing conflicts: the chart's CRDs are the truth).
  Status apply_crds(const std::string& documents);
  // `kubectl delete customresourcedefinition NAME... --wait`.
  Status delete_crds(const std::vector<std::string>& names);

  // The argv the methods above run, public for tests.
  exec::Command apply_crds_command() const;

 private:
  friend class LeaseClient;
  exec::Command base(std::vector<std::string> words) const;
  Result<exec::CommandResult> read(exec::Command command);
  Result<exec::CommandResult> change(exec::Command command);
  // `kubectl get <what> [--namespace ns] --ignore-not-found -o json`, `stdin_data` on its stdin;
  // nullopt for nothing printed.
  Result<std::optional<nlohmann::json>> get_json(const std::vector<std::string>& what, const std::string& ns = {},
                                                 const std::string& stdin_data = {});

  exec::Runners runners_;
  std::string binary_;
  KubeAccess access_;
  ReleaseRef release_;
  ReadCache cache_;
};

// The label the local test cluster's simulated kubelet puts on its node
// (tests/e2e/cluster/lib/kubelet.py): pods there are reported ready, but no
// container runs.
inline constexpr const char* kSimulatedNodeLabel = "altinity-deploy/simulated";

// The field manager of everything the deployer applies itself.
inline constexpr const char* kFieldManager = "altinity-deploy";

Result<ClusterTarget> parse_minified_config(const std::string& json);
Result<ServerVersion> parse_server_version(const std::string& json);
NamespaceInfo parse_namespace(const nlohmann::json& object);

}  // namespace altinity_deploy::tools
