#pragma once
// One run at a time per release: a coordination.k8s.io/v1 Lease named
// altinity-deploy-<release> in the release namespace, holding the holder's
// identity (host, pid, start time) and an expiry that a live run renews, so
// that the lock of a crashed run expires by itself.
#include <chrono>
#include <memory>
#include <string>

#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/tools/kubectl_client.hpp"

namespace altinity_deploy::actions {

class ReleaseLock {
 public:
  // Takes the lock, waiting up to `wait` (0: not at all) for another holder;
  // then fails with ExitCode::locked naming the holder.
  static Result<std::unique_ptr<ReleaseLock>> acquire(tools::KubectlClient& kubectl, const std::string& ns,
                                                      const std::string& release, std::chrono::seconds wait);
  virtual ~ReleaseLock() = default;
  // Gives the lock up (also done by the destructor).
  virtual void release() = 0;
};

}  // namespace altinity_deploy::actions
