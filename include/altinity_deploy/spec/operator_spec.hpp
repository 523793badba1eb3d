#pragma once
// The validated manifest: every field typed, every default filled in. Nothing
// downstream of manifest/ looks at raw YAML except spec.values, which is
// free-form by design.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "altinity_deploy/yaml/yaml_tree.hpp"

namespace altinity_deploy::spec {

inline constexpr const char* kApiVersion = "kubernetes.project-planton.org/v1";
// Planton renamed the kind on 2025-11-13 (same apiVersion, same spec); its
// users hold files of both, so both are ours and neither draws a warning.
inline constexpr const char* kKind = "AltinityOperator";
inline constexpr const char* kOlderKind = "AltinityOperatorKubernetes";
inline bool is_our_kind(std::string_view kind) { return kind == kKind || kind == kOlderKind; }
inline constexpr const char* kDefaultNamespace = "altinity-operator";
inline constexpr const char* kDefaultChartRepo = "https://docs.altinity.com/clickhouse-operator/";
inline constexpr const char* kDefaultChartName = "altinity-clickhouse-operator";
inline constexpr const char* kDefaultChartVersion = "0.23.6";

// Planton's CloudResourceRelationship: informational here.
struct Relationship {
  std::string kind;   // a CloudResourceKind name
  std::string env;
  std::string name;
  std::string type;   // unspecified, depends_on, runs_on, managed_by or uses
  std::string group;  // Planton's until 2025-11-22, when it moved to metadata.group
};

// Planton's CloudResourceMetadata. Only name is used to deploy; env and
// labels name targets in a fleet; the rest is read, checked and kept.
struct Metadata {
  std::string name;  // DNS-1123 label; also the Helm release name (unless spec.helm.releaseName)
  std::string slug;
  std::string id;
  std::string org;
  std::string env;
  std::string group;
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string> annotations;
  std::vector<std::string> tags;
  std::vector<Relationship> relationships;
};

// Where the cluster is. Both empty: kubectl's default (or the command line).
struct TargetCluster {
  std::optional<std::string> credential_id;  // -> <credentials dir>/<id> kubeconfig
  std::optional<std::string> cluster_kind;   // informational
  std::optional<std::string> cluster_name;   // -> kube context
};

// Kubernetes quantities exactly as written ("100m", "1Gi").
struct ResourceList {
  std::string cpu;
  std::string memory;
};

struct ContainerResources {
  ResourceList requests{"100m", "256Mi"};
  ResourceList limits{"1000m", "1Gi"};
};

struct Chart {
  std::string repo = kDefaultChartRepo;  // https://... or oci://...; empty when path is set
  std::string name = kDefaultChartName;
  std::string version = kDefaultChartVersion;
  std::string path;  // a local .tgz or chart directory; wins over repo/name

  bool is_local() const { return !path.empty(); }
  bool is_oci() const { return repo.rfind("oci://", 0) == 0; }
};

struct HelmSettings {
  // The release's name when not metadata.name: set to Planton's
  // `altinity-clickhouse-operator` to take over the release its module made.
  std::string release_name;
  int timeout_seconds = 300;
  bool atomic = true;
  bool cleanup_on_fail = true;
};

// spec.driftDetection (docs/drift.md): whether plan compares the release's
// live objects with the objects Helm stored, and whether up restores them.
struct DriftIgnoreRule {
  std::vector<std::string> paths;  // JSON pointers, "/spec/replicas"
  std::string kind;                // target.kind; empty: any
  std::string name;                // target.name; empty: any
};

struct DriftDetection {
  // enabled: drift is a change that up corrects; warn: reported, not a
  // change; disabled: not looked for (the live objects are not read).
  enum class Mode { enabled, warn, disabled };
  Mode mode = Mode::enabled;
  std::vector<DriftIgnoreRule> ignore;
};

struct OperatorSpec {
  Metadata metadata;
  TargetCluster target_cluster;
  std::string namespace_name = kDefaultNamespace;
  ContainerResources resources;
  Chart chart;
  std::vector<std::string> watch_namespaces{".*"};
  bool create_crds = true;
  HelmSettings helm;
  DriftDetection drift_detection;
  yaml::Node values = yaml::Node::mapping();  // merged last into the Helm values

  // The Helm release this manifest deploys.
  const std::string& release_name() const { return helm.release_name.empty() ? metadata.name : helm.release_name; }
};

}  // namespace altinity_deploy::spec
