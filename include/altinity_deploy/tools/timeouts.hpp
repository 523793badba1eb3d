#pragma once
// Every limit derived from the manifest's helm.timeoutSeconds, in one place.
#include <chrono>

namespace altinity_deploy::tools {

struct ChangeTimeouts {
  // What helm and kubectl are told to wait (helm --timeout, kubectl delete --timeout).
  std::chrono::seconds tool{300};
  // When the deployer kills the child: the tool's own limit plus room to
  // report that timeout itself and, under atomic, to roll back.
  std::chrono::seconds process{360};
  // How long a dead run's release lock lasts after its last renewal: the
  // helm it started (SIGTERM on the deployer's death) may roll back for its
  // whole timeout; the margin covers the renewal interval, helm's calls
  // around that wait and clock skew. See actions/release_lock.hpp.
  std::chrono::seconds lock_lease{360};
};

ChangeTimeouts change_timeouts(int timeout_seconds);

}  // namespace altinity_deploy::tools
