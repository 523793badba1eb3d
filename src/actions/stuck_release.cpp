// Recovering a release stuck in pending-* (see the header for the rules).
// Helm refuses to do this itself; its maintainers' manual fixes are exactly
// these two: roll back to the last good revision, or remove a release that
// never got one.
#include "altinity_deploy/actions/stuck_release.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/core/try.hpp"

namespace altinity_deploy::actions {
namespace {

std::string manual_fix(const tools::ReleaseInfo& release) {
  return fmt::format(
      "see `helm history {0} -n {1}`; roll back to a good revision with `helm rollback {0} REVISION -n {1}`, or "
      "delete the stuck record: `kubectl delete secret sh.helm.release.v1.{0}.v{2} -n {1}`",
      release.name, release.namespace_name, release.revision);
}

}  // namespace

Result<RecoveryPlan> plan_recovery(const tools::ReleaseInfo& release,
                                   const std::vector<tools::HistoryEntry>& history) {
  if (!release.is_pending()) return RecoveryPlan{};
  // The last good revision: the one still deployed below the stuck one (helm
  // keeps the previous revision `deployed` until an upgrade succeeds), else
  // the newest that was once deployed and later replaced.
  int deployed = 0;
  int superseded = 0;
  int lowest = release.revision;
  for (const auto& entry : history) {
    lowest = std::min(lowest, entry.revision);
    if (entry.revision >= release.revision) continue;
    if (entry.status == "deployed") deployed = std::max(deployed, entry.revision);
    if (entry.status == "superseded") superseded = std::max(superseded, entry.revision);
  }
  const int good = deployed > 0 ? deployed : superseded;
  if (good > 0) return RecoveryPlan{RecoveryPlan::Kind::rollback, good};
  // Never deployed: uninstall removes the stuck record (and whatever the
  // interrupted install created). Only when the whole history is in view —
  // helm history shows the newest 20 — so no older good revision can hide.
  if (release.status == "pending-install" && (release.revision <= 1 || lowest <= 1)) {
    return RecoveryPlan{RecoveryPlan::Kind::uninstall, 0};
  }
  return fail(ExitCode::failed,
              fmt::format("release '{}' is stuck in {} at revision {} and its history has no deployed revision to "
                          "roll back to",
                          release.name, release.status, release.revision),
              manual_fix(release));
}

Result<std::string> recover_stuck_release(tools::HelmClient& helm, const tools::ReleaseInfo& release,
                                          int timeout_seconds) {
  if (!release.is_pending()) return fmt::format("release '{}' is {}; nothing to recover", release.name, release.status);
  TRY_ASSIGN(history, helm.history());
  TRY_ASSIGN(plan, plan_recovery(release, history));

  Status recovered;
  std::string done;
  if (plan.kind == RecoveryPlan::Kind::rollback) {
    log::warn("release '{}' is stuck in {} at revision {} (an earlier run was stopped mid-operation); rolling it "
              "back to revision {}",
              release.name, release.status, release.revision, plan.to_revision);
    recovered = helm.rollback(plan.to_revision, timeout_seconds);
    done = fmt::format("rolled back release '{}' from {} revision {} to revision {}", release.name, release.status,
                       release.revision, plan.to_revision);
  } else if (plan.kind == RecoveryPlan::Kind::uninstall) {
    log::warn("release '{}' is stuck in pending-install at revision {} and never deployed; uninstalling it so "
              "that it can be installed afresh",
              release.name, release.revision);
    recovered = helm.uninstall(timeout_seconds);
    done = fmt::format("uninstalled release '{}', stuck in pending-install at revision {} and never deployed",
                       release.name, release.revision);
  } else {
    return fmt::format("release '{}' is {}; nothing to recover", release.name, release.status);
  }
  if (!recovered) {
    Error error = recovered.error();
    error.message = fmt::format("recovering the stuck release '{}': {}", release.name, error.message);
    if (error.hint.empty()) error.hint = manual_fix(release);
    return tl::unexpected(error);
  }
  return done;
}

Error stuck_release_error(const tools::ReleaseInfo& release) {
  return Error{ExitCode::failed,
               fmt::format("release '{}' is stuck in {} at revision {}: an earlier run was stopped mid-operation and "
                           "helm refuses every change until it is recovered",
                           release.name, release.status, release.revision),
               "run up without --no-recover to roll it back to its last good revision (or remove it if it never "
               "deployed), or by hand: " +
                   manual_fix(release)};
}

}  // namespace altinity_deploy::actions
