// The pods a run deploys (see the header).
#include "live_pods.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>

namespace altinity_deploy::actions {
namespace {

// ReplicaSets that a newer ReplicaSet of the same Deployment replaces.
std::set<std::string> older_replica_sets(const std::vector<tools::ReplicaSet>& sets) {
  std::map<std::string, long long> newest;
  for (const auto& set : sets) {
    if (set.deployment_uid.empty() || !set.revision) continue;
    auto& top = newest[set.deployment_uid];
    top = std::max(top, *set.revision);
  }
  std::set<std::string> older;
  for (const auto& set : sets) {
    if (set.deployment_uid.empty() || !set.revision) continue;
    if (*set.revision < newest[set.deployment_uid]) older.insert(set.name);
  }
  return older;
}

}  // namespace

std::vector<const tools::Pod*> live_pods(const tools::Workloads& workloads) {
  std::vector<const tools::Pod*> pods;
  const auto older = older_replica_sets(workloads.replica_sets);
  for (const auto& pod : workloads.pods) {
    if (pod.being_deleted) continue;
    if (!pod.replica_set.empty() && older.count(pod.replica_set) > 0) continue;
    pods.push_back(&pod);
  }
  return pods;
}

}  // namespace altinity_deploy::actions
