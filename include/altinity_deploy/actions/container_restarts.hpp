#pragma once
// Containers of the operator's pods that were killed or restarted: the last
// way each ended (OOMKilled, Error...) and its exit code, from the parsed
// pods (tools/kube_objects.hpp). `up` adds them to its failure (from the last pod list the fail-fast
// watcher read) and `status` shows them. An OOMKilled container names the
// manifest field that raises its memory limit, with the limit the pod has.
// CPU throttling leaves no trace in a pod's status, so it is not diagnosed.
#include <optional>
#include <string>
#include <vector>

#include "altinity_deploy/spec/operator_spec.hpp"
#include "altinity_deploy/tools/kube_objects.hpp"

namespace altinity_deploy::actions {

struct ContainerRestart {
  std::string pod;
  std::string container;
  long long restarts = 0;
  std::string reason;                 // how it last ended: OOMKilled, Error, Completed...; may be empty
  std::optional<long long> exit_code;
  std::string memory_limit;           // the container's resources.limits.memory in the pod; empty: none
  std::string memory_field;           // the manifest field that sets it; empty for a container it does not

  bool oom_killed() const { return reason == "OOMKilled"; }
  // "container C of pod P was OOMKilled (exit code 137), restarted 3 times; its memory limit is 64Mi"
  // or "container C of pod P restarted 2 times; it last ended: Error (exit code 1)".
  std::string describe() const;
  // For an OOMKilled container: "raise spec.container.resources.limits.memory (now 64Mi)"; else empty.
  std::string fix() const;
};

// The containers of the live pods in `pods` (pods of a
// Deployment's older ReplicaSets and pods being deleted left out) that
// restarted, or whose current or last termination was an OOM kill.
// `spec` says which field sets each container's memory limit: the
// operator's container (named as the chart) is spec.container.resources,
// unless spec.values sets operator.resources; the metrics exporter's is
// spec.values.metrics.resources.
std::vector<ContainerRestart> container_restarts(const tools::Workloads& pods, const spec::OperatorSpec& spec);

// The text `up` and `status` add for these: each describe(), and the fixes
// of the OOMKilled ones; empty when there are none.
struct RestartDiagnosis {
  std::vector<std::string> lines;
  std::string hint;
};
RestartDiagnosis diagnose_restarts(const std::vector<ContainerRestart>& restarts);

}  // namespace altinity_deploy::actions
