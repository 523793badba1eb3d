#pragma once
// A release left pending-install/-upgrade/-rollback by a killed run blocks
// every later helm call ("another operation is in progress"). Under the lock
// no other run can be mid-operation, so it is safe to recover: roll back to
// the last good revision, or remove a release that never deployed.
//
//   pending-*, history has a deployed (else superseded) revision below the
//   stuck one       -> helm rollback REL REV --namespace NS --wait --timeout Ts
//   pending-install and no earlier revision at all (or only failed ones, the
//   whole history in view)
//                   -> helm uninstall REL --namespace NS --wait --timeout Ts
//   anything else   -> ExitCode::failed with the manual fix; nothing is run
#include <string>
#include <vector>

#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/tools/helm_client.hpp"

namespace altinity_deploy::actions {

struct RecoveryPlan {
  enum class Kind { nothing, rollback, uninstall };
  Kind kind = Kind::nothing;
  int to_revision = 0;  // rollback only
};

// The decision alone, from `helm status` and `helm history` (newest 20).
// An Error when a pending release has nothing safe to go back to.
Result<RecoveryPlan> plan_recovery(const tools::ReleaseInfo& release, const std::vector<tools::HistoryEntry>& history);

// What it did, in a sentence, e.g. "rolled back release 'ops' from
// pending-upgrade revision 3 to revision 2". Call only while holding the lock.
// A release that is not pending: "nothing to recover" and nothing is run.
// Runs `helm history`, then `helm rollback` or `helm uninstall`.
Result<std::string> recover_stuck_release(tools::HelmClient& helm, const tools::ReleaseInfo& release,
                                          int timeout_seconds);

// For `up --no-recover` finding a pending release: what is stuck and how to
// recover by hand. ExitCode::failed.
Error stuck_release_error(const tools::ReleaseInfo& release);

}  // namespace altinity_deploy::actions
