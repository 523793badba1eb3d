#pragma once
// While helm waits, watch the release's pods; a container stuck in
// ImagePullBackOff, ErrImagePull, InvalidImageName, CreateContainerConfigError
// or CrashLoopBackOff for longer than the limit stops helm now (SIGTERM:
// helm marks the release failed and rolls back under atomic) instead of
// after the whole timeout.
//
// Each call lists the release's pods and ReplicaSets
// (tools::KubectlClient::pods_of_release; ReplicaSets to tell the pods of a Deployment's older revisions, which a
// rolling update is about to remove, from the current ones). kubectl failing
// never stops helm: the watcher just looks again next time.
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/exec/command_runner.hpp"
#include "altinity_deploy/tools/kube_objects.hpp"
#include "altinity_deploy/tools/kubectl_client.hpp"

namespace altinity_deploy::actions {

// How often up.cpp should let the runner call the watcher.
inline constexpr std::chrono::milliseconds kFailFastEvery{2000};

using SteadyNow = std::function<std::chrono::steady_clock::time_point()>;

// Called with each pod list the watcher reads (the progress reporter).
using PodsSeen = std::function<void(const tools::Workloads& list)>;

// A watcher for CommandRunner::run_watched; returns the reason
// "pod P container C: REASON: MESSAGE" once a container has been stuck in the
// same waiting reason for `after`. `after` == 0 disables the stop: then the
// watcher lists the pods only for `on_pods`, and without it never runs
// kubectl. `now` defaults to steady_clock. Watches the release `kubectl` is
// bound to; `kubectl` must outlive the watcher.
exec::Watcher fail_fast_watcher(tools::KubectlClient& kubectl, std::chrono::seconds after, SteadyNow now = {},
                                PodsSeen on_pods = {});

// How far a rollout is, from the same pod list: pods ready of the live pods
// (not being deleted, not of a Deployment's older ReplicaSets), and the most
// telling waiting reason ("REASON (pod P container C): MESSAGE", or a pod's
// unschedulable condition: "Unschedulable (pod P): MESSAGE"); empty when
// nothing waits.
struct PodProgress {
  int ready = 0;
  int total = 0;
  std::string waiting;
};
PodProgress pod_progress(const tools::Workloads& list);

// One container in a waiting reason that fails fast, from a pod list.
struct StuckContainer {
  std::string key;  // pod uid (or name) / container / reason: what "the same" means
  std::string pod;
  std::string container;
  bool init = false;
  std::string reason;
  std::string message;

  // "pod P container C: REASON: MESSAGE" ("init container C" for init containers).
  std::string describe() const;
};

// The containers of `list` (the release's pods and ReplicaSets) waiting
// in a fail-fast reason, skipping pods being deleted and pods of a
// Deployment's older ReplicaSets. Public for unit tests.
std::vector<StuckContainer> stuck_containers(const tools::Workloads& list);

// The error for `up` when the watcher stopped helm: what was stuck, helm's
// last words, and what to do. ExitCode::failed.
Error fail_fast_error(const std::string& stopped_because, std::chrono::seconds after,
                      const exec::CommandResult& helm_result);

}  // namespace altinity_deploy::actions
