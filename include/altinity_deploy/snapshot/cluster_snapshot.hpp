#pragma once
// What one run read from the cluster and the chart: plain data, filled by
// actions::read_snapshot (one concurrent batch, a short second step only
// when the first answer asks for it) and read by the verbs and by
// plan::make_plan. A part the request did not ask for stays empty. A part
// that may be missing without failing the run (other releases, live
// objects, ClickHouse installations) holds its answer or the Error saying
// why it is missing; any other failed read fails read_snapshot itself.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/tools/kube_objects.hpp"
#include "altinity_deploy/tools/helm_client.hpp"
#include "altinity_deploy/tools/kubectl_client.hpp"

namespace altinity_deploy::snapshot {

// What a verb asks read_snapshot to read.
struct SnapshotRequest {
  enum class Release {
    none,
    revision,             // status, revision, chart
    revision_and_record,  // and the user-supplied values and the stored manifest
  };
  // How the namespace is read: alone (`kubectl get namespace NS`), or in
  // one `kubectl get` with the chart's CRDs (the plan's read).
  enum class Namespace { none, alone, with_chart_crds };

  // helm version and kubectl config view (the cluster target); the API
  // server's version with -v, with server_version, or after a failed read
  // (to say the API server does not answer). Off for a re-read under the lock.
  bool connect_checks = true;
  bool server_version = false;
  Release release = Release::none;
  Namespace namespace_read = Namespace::none;
  bool chart_crds = false;         // `helm show crds` (createCrds); its CRDs in the cluster with the namespace
  bool chart_metadata = false;     // `helm show chart` (a local chart)
  bool other_releases = false;     // every release in the cluster (the other-operator look)
  bool live_objects = false;       // the release's live objects (drift detection)
  bool operator_workloads = false;  // the operator's Deployment, ReplicaSets and pods (status)
  bool operator_crds = false;      // the operator's four CRDs (status)
  bool installations = false;      // ClickHouse(Keeper)Installations in all namespaces (destroy)
  bool simulated_nodes = false;    // the local test cluster's simulated nodes
};

// A chart's CRD as `helm show crds` printed it, fingerprinted
// (plan/crd_documents.hpp parses them).
struct CrdDocument {
  std::string name;     // metadata.name
  std::string version;  // the operator version label; may be empty
  std::string sha256;   // of the content: sha256_hex(object.dump()) before the annotation is added
  nlohmann::json object;  // as kubectl reads the YAML, with the hash annotation added
};

struct ClusterSnapshot {
  // connect's checks.
  tools::ClusterTarget target;
  tools::HelmVersion helm_version;
  std::optional<tools::ServerVersion> server;  // only when asked (see SnapshotRequest::connect_checks)

  // The release's newest revision; nullopt: no such release.
  std::optional<tools::ReleaseInfo> release;
  // Its user-supplied values and stored manifest (Release::revision_and_record
  // and a release; from helm with Release::revision, nullopt).
  std::optional<tools::ReleaseContents> record;

  std::optional<tools::NamespaceInfo> namespace_info;  // nullopt: no such namespace (or not asked)
  // CRDs as the cluster holds them (the chart's, or the operator's four); absent ones are not listed.
  std::vector<nlohmann::json> crd_objects;
  std::vector<CrdDocument> chart_crds;  // `helm show crds`
  std::optional<tools::ChartMetadata> chart;  // a local chart's Chart.yaml; nullopt: the manifest's name and version

  // Every release in the cluster, or why they could not be listed.
  std::optional<Result<std::vector<tools::ReleaseInfo>>> other_releases;

  // The release's live objects as the API server returns them (Helm's
  // release-name and release-namespace annotations checked), or why they
  // could not be read (e.g. a kind the account may not list): drift is then
  // unchecked, not an error.
  std::optional<Result<std::vector<nlohmann::json>>> live_objects;

  // status: the operator's Deployment, ReplicaSets and pods (pods_listed
  // false: the account may not list pods, so only the Deployments).
  tools::Workloads operator_workloads;
  bool pods_listed = false;

  // destroy: the ClickHouse(Keeper)Installations in the namespaces the
  // operator watches (none when their CRDs are missing), or why not.
  std::optional<Result<std::vector<tools::ClickHouseInstallation>>> installations;

  std::vector<std::string> simulated_nodes;  // empty when none or not readable
};

}  // namespace altinity_deploy::snapshot
