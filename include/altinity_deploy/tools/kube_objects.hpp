#pragma once
// The Kubernetes objects the deployer reads, as kubectl prints them in JSON,
// parsed once into plain structs: the release's Pods, ReplicaSets and
// Deployments (fail-fast, progress, restarts, status) and the ClickHouse
// installations (destroy's guard). The Lease is lease_client.hpp's.
//
// Parsing never throws: a field that is absent takes its default; an object
// with a field of the wrong type is left out, and why is kept (`skipped`).
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "altinity_deploy/core/error.hpp"

namespace altinity_deploy::tools {

// How a container ended (state.terminated or lastState.terminated).
struct ContainerEnd {
  std::string reason;  // OOMKilled, Error, Completed...; may be empty
  std::optional<long long> exit_code;
};

// One entry of a pod's status.initContainerStatuses / containerStatuses.
struct ContainerState {
  std::string name;
  bool init = false;
  long long restarts = 0;
  std::string waiting_reason;  // state.waiting.reason: ImagePullBackOff...; empty when not waiting
  std::string waiting_message;
  std::optional<ContainerEnd> terminated;       // state.terminated: how it ended now
  std::optional<ContainerEnd> last_terminated;  // lastState.terminated: how it ended last time
  std::string memory_limit;  // the pod spec's resources.limits.memory for this container; empty: none
};

struct PodCondition {
  std::string type;    // Ready, PodScheduled...
  std::string status;  // True, False, Unknown
  std::string reason;
  std::string message;
};

struct Pod {
  std::string name;
  std::string namespace_name;
  std::string uid;
  bool being_deleted = false;  // metadata.deletionTimestamp is set
  std::string replica_set;     // the name of its controlling ReplicaSet; empty: none
  std::vector<PodCondition> conditions;
  std::vector<ContainerState> containers;  // init containers first, in the status's order

  // The pod's uid, else namespace/name: what "the same pod" means.
  std::string id() const;
};

struct ReplicaSet {
  std::string name;
  std::string deployment_uid;          // its controlling Deployment's uid; empty: none
  std::optional<long long> revision;   // deployment.kubernetes.io/revision; nullopt: none or not a number
};

struct Deployment {
  std::string name;
  long long replicas = 0;
  long long ready_replicas = 0;
  long long available_replicas = 0;
};

// What one read of a release's workloads returned.
struct Workloads {
  std::vector<Pod> pods;
  std::vector<ReplicaSet> replica_sets;
  std::vector<Deployment> deployments;
  std::vector<std::string> skipped;  // why each malformed object was left out
};

// A ClickHouseInstallation or ClickHouseKeeperInstallation.
struct ClickHouseInstallation {
  std::string namespace_name;
  std::string name;
  std::string kind;  // ClickHouseInstallation (when kubectl left it out), ClickHouseKeeperInstallation

  // "namespace/name (kind)"
  std::string describe() const;
};

struct ClickHouseInstallations {
  std::vector<ClickHouseInstallation> items;
  std::vector<std::string> skipped;
};

Result<Pod> parse_pod(const nlohmann::json& object);
Result<ReplicaSet> parse_replica_set(const nlohmann::json& object);
Result<Deployment> parse_deployment(const nlohmann::json& object);
Result<ClickHouseInstallation> parse_installation(const nlohmann::json& object);

// The objects of kubectl's List (its "items"), of one object, or of an
// array of objects, sorted by kind; objects of other kinds are ignored. An
// object without a kind that has status.containerStatuses is a Pod.
Workloads parse_workloads(const nlohmann::json& list);
ClickHouseInstallations parse_installations(const nlohmann::json& list);

}  // namespace altinity_deploy::tools
