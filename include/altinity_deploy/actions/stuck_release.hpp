#pragma once
// A release left pending-install/-upgrade/-rollback by a killed run blocks
// every later helm call ("another operation is in progress"). Under the lock
// no other run can be mid-operation, so it is safe to recover: roll back to
// the last deployed revision, or remove a release that never deployed.
#include <string>

#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/tools/helm_client.hpp"

namespace altinity_deploy::actions {

// What it did, in a sentence, e.g. "rolled back pending-upgrade revision 3 to
// revision 2". Call only with a pending release, only while holding the lock.
Result<std::string> recover_stuck_release(tools::HelmClient& helm, const tools::ReleaseInfo& release,
                                          int timeout_seconds);

}  // namespace altinity_deploy::actions
