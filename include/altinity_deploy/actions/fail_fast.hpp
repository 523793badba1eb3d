#pragma once
// While helm waits, watch the release's pods; a container stuck in
// ImagePullBackOff, ErrImagePull, InvalidImageName, CreateContainerConfigError
// or CrashLoopBackOff for longer than the limit stops helm now (SIGTERM:
// helm marks the release failed and rolls back under atomic) instead of
// after the whole timeout.
#include <chrono>
#include <string>

#include "altinity_deploy/exec/command_runner.hpp"
#include "altinity_deploy/tools/kubectl_client.hpp"

namespace altinity_deploy::actions {

// A watcher for CommandRunner::run_watched; returns the reason (pod,
// container, reason, message) once a container has been stuck for `after`.
exec::Watcher fail_fast_watcher(tools::KubectlClient& kubectl, const std::string& ns, const std::string& release,
                                std::chrono::seconds after);

}  // namespace altinity_deploy::actions
