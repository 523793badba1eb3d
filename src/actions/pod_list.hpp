#pragma once
// Reading kubectl's List of a release's pods and ReplicaSets (what
// tools::KubectlClient::pods_of_release and workloads_of_release return):
// the fail-fast watcher, the progress line and the restart diagnosis look
// at the same pods.
#include <initializer_list>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace altinity_deploy::actions::pod_list {

// The node at `path` under `object`, nullptr when any step is missing.
const nlohmann::json* at(const nlohmann::json& object, std::initializer_list<const char*> path);
// The string at `path`, empty when missing or not a string.
std::string string_at(const nlohmann::json& object, std::initializer_list<const char*> path);

// The objects of a List (or the one object kubectl printed).
std::vector<const nlohmann::json*> items_of(const nlohmann::json& list);
bool is_pod(const nlohmann::json& item);
// The pod's uid, else namespace/name: what "the same pod" means.
std::string pod_id(const nlohmann::json& pod);

// The pods this run deploys: not being deleted, and not of a Deployment's
// older ReplicaSet (a rolling update removes those once the new pods are
// ready; what keeps them failing is not what this run deploys).
std::vector<const nlohmann::json*> live_pods(const nlohmann::json& list);

}  // namespace altinity_deploy::actions::pod_list
