#pragma once
// Which of a release's pods this run deploys (the fail-fast watcher, the
// progress line and the restart diagnosis look at the same pods).
#include <vector>

#include "altinity_deploy/tools/kube_objects.hpp"

namespace altinity_deploy::actions {

// The pods not being deleted and not of a Deployment's older ReplicaSet (a
// rolling update removes those once the new pods are ready; what keeps them
// failing is not what this run deploys).
std::vector<const tools::Pod*> live_pods(const tools::Workloads& workloads);

}  // namespace altinity_deploy::actions
