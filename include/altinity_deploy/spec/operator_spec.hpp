#pragma once
// The validated manifest: every field typed, every default filled in. Nothing
// downstream of manifest/ looks at raw YAML except spec.values, which is
// free-form by design.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "altinity_deploy/yaml/yaml_tree.hpp"

namespace altinity_deploy::spec {

inline constexpr const char* kApiVersion = "kubernetes.project-planton.org/v1";
inline constexpr const char* kKind = "AltinityOperatorKubernetes";
inline constexpr const char* kDefaultNamespace = "altinity-operator";
inline constexpr const char* kDefaultChartRepo = "https://docs.altinity.com/clickhouse-operator/";
inline constexpr const char* kDefaultChartName = "altinity-clickhouse-operator";
inline constexpr const char* kDefaultChartVersion = "0.23.6";

struct Metadata {
  std::string name;  // DNS-1123 label; also the Helm release name
  std::string id;
  std::string org;
  std::string env;
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string> annotations;
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
  // change; disabled: not looked for (no kubectl diff).
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
};

}  // namespace altinity_deploy::spec
