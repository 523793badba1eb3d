// Recovering releases stuck in pending-*: which helm command, with which
// revision, and what it says — against a scripted helm.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "altinity_deploy/actions/stuck_release.hpp"
#include "support/recording_runner.hpp"

namespace altinity_deploy::actions {
namespace {

using ::testing::HasSubstr;
using Argv = std::vector<std::string>;
using namespace std::chrono_literals;

tools::ReleaseInfo stuck(const std::string& status, int revision) {
  tools::ReleaseInfo info;
  info.name = "ops";
  info.namespace_name = "ns";
  info.status = status;
  info.revision = revision;
  return info;
}

// `helm history -o json` for (revision, status) pairs.
std::string history(std::vector<std::pair<int, std::string>> entries) {
  nlohmann::json doc = nlohmann::json::array();
  for (const auto& [revision, status] : entries) {
    doc.push_back({{"revision", revision},
                   {"updated", "2026-11-25T21:00:00Z"},
                   {"status", status},
                   {"chart", "altinity-clickhouse-operator-0.23.6"},
                   {"app_version", "0.23.6"},
                   {"description", status}});
  }
  return doc.dump();
}

const Argv kHistory = {"helm", "history", "ops", "--namespace", "ns", "--max", "20", "--output", "json"};

class StuckRelease : public ::testing::Test {
 protected:
  // helm's recoveries succeed unless a test says otherwise.
  StuckRelease() : helm(runner, "helm", {}, {"ops", "ns"}) {
    helm.assume_version({3, "v3.17.3"});
    runner.fallback({"helm", "rollback"}).reply(0);
    runner.fallback({"helm", "uninstall"}).reply(0);
  }

  exec::RecordingRunner runner;
  tools::HelmClient helm;
};

TEST_F(StuckRelease, PendingUpgradeRollsBackToTheDeployedRevision) {
  runner.on({"helm", "history"}).reply(0, history({{1, "superseded"}, {2, "deployed"}, {3, "pending-upgrade"}}));
  auto done = recover_stuck_release(helm, stuck("pending-upgrade", 3), 300);
  ASSERT_TRUE(done.has_value()) << done.error().message;
  EXPECT_EQ(*done, "rolled back release 'ops' from pending-upgrade revision 3 to revision 2");
  ASSERT_EQ(runner.commands().size(), 2u);
  EXPECT_EQ(runner.commands()[0], kHistory);
  EXPECT_EQ(runner.commands()[1],
            (Argv{"helm", "rollback", "ops", "2", "--namespace", "ns", "--wait", "--timeout", "300s"}));
  EXPECT_EQ(runner.calls()[1].timeout, 360s);
}

TEST_F(StuckRelease, TheTimeoutIsPassedOn) {
  runner.on({"helm", "history"}).reply(0, history({{1, "deployed"}, {2, "pending-upgrade"}}));
  ASSERT_TRUE(recover_stuck_release(helm, stuck("pending-upgrade", 2), 120).has_value());
  EXPECT_EQ(runner.commands()[1],
            (Argv{"helm", "rollback", "ops", "1", "--namespace", "ns", "--wait", "--timeout", "120s"}));
}

TEST_F(StuckRelease, PendingRollbackGoesBackToTheNewestSupersededWhenNoneIsDeployed) {
  runner.on({"helm", "history"})
      .reply(0, history({{1, "superseded"}, {2, "superseded"}, {3, "failed"}, {4, "pending-rollback"}}));
  auto done = recover_stuck_release(helm, stuck("pending-rollback", 4), 300);
  ASSERT_TRUE(done.has_value()) << done.error().message;
  EXPECT_EQ(*done, "rolled back release 'ops' from pending-rollback revision 4 to revision 2");
  EXPECT_EQ(runner.count({"helm", "rollback", "ops", "2"}), 1);
}

TEST_F(StuckRelease, TheDeployedRevisionWinsOverSupersededOnes) {
  runner.on({"helm", "history"})
      .reply(0, history({{2, "superseded"}, {3, "deployed"}, {4, "superseded"}, {5, "pending-upgrade"}}));
  ASSERT_TRUE(recover_stuck_release(helm, stuck("pending-upgrade", 5), 300).has_value());
  EXPECT_EQ(runner.count({"helm", "rollback", "ops", "3"}), 1);
}

TEST_F(StuckRelease, APendingInstallThatNeverDeployedIsUninstalled) {
  runner.on({"helm", "history"}).reply(0, history({{1, "pending-install"}}));
  auto done = recover_stuck_release(helm, stuck("pending-install", 1), 300);
  ASSERT_TRUE(done.has_value()) << done.error().message;
  EXPECT_EQ(*done, "uninstalled release 'ops', stuck in pending-install at revision 1 and never deployed");
  ASSERT_EQ(runner.commands().size(), 2u);
  EXPECT_EQ(runner.commands()[1],
            (Argv{"helm", "uninstall", "ops", "--namespace", "ns", "--wait", "--timeout", "300s"}));
  EXPECT_EQ(runner.count({"helm", "rollback"}), 0);
}

TEST_F(StuckRelease, APendingInstallAfterOnlyFailedInstallsIsUninstalled) {
  runner.on({"helm", "history"}).reply(0, history({{1, "failed"}, {2, "failed"}, {3, "pending-install"}}));
  ASSERT_TRUE(recover_stuck_release(helm, stuck("pending-install", 3), 300).has_value());
  EXPECT_EQ(runner.count({"helm", "uninstall"}), 1);
}

TEST_F(StuckRelease, APendingInstallWithADeployedPastIsRolledBackNotUninstalled) {
  // `upgrade --install` after an uninstall --keep-history, say: keep what worked.
  runner.on({"helm", "history"}).reply(0, history({{1, "superseded"}, {2, "pending-install"}}));
  ASSERT_TRUE(recover_stuck_release(helm, stuck("pending-install", 2), 300).has_value());
  EXPECT_EQ(runner.count({"helm", "rollback", "ops", "1"}), 1);
  EXPECT_EQ(runner.count({"helm", "uninstall"}), 0);
}

TEST_F(StuckRelease, NothingGoodInViewAndNotANeverDeployedInstallIsAnError) {
  // History shows the newest 20 only: revisions 6..25 all failed; older good
  // ones may exist, so neither a rollback target nor "never deployed" is known.
  std::vector<std::pair<int, std::string>> entries;
  for (int revision = 6; revision < 25; ++revision) entries.emplace_back(revision, "failed");
  entries.emplace_back(25, "pending-install");
  runner.on({"helm", "history"}).reply(0, history(entries));
  auto done = recover_stuck_release(helm, stuck("pending-install", 25), 300);
  ASSERT_FALSE(done.has_value());
  EXPECT_EQ(done.error().code, ExitCode::failed);
  EXPECT_THAT(done.error().message, HasSubstr("stuck in pending-install at revision 25"));
  EXPECT_THAT(done.error().hint, HasSubstr("helm rollback ops REVISION -n ns"));
  EXPECT_THAT(done.error().hint, HasSubstr("sh.helm.release.v1.ops.v25"));
  EXPECT_EQ(runner.commands().size(), 1u);  // only the history
}

TEST_F(StuckRelease, APendingUpgradeWithoutAGoodRevisionIsAnError) {
  runner.on({"helm", "history"}).reply(0, history({{1, "failed"}, {2, "pending-upgrade"}}));
  auto done = recover_stuck_release(helm, stuck("pending-upgrade", 2), 300);
  ASSERT_FALSE(done.has_value());
  EXPECT_THAT(done.error().message, HasSubstr("has no deployed revision to roll back to"));
  EXPECT_EQ(runner.count({"helm", "rollback"}) + runner.count({"helm", "uninstall"}), 0);
}

TEST_F(StuckRelease, HelmFailingToRollBackIsReportedWithItsWords) {
  runner.on({"helm", "history"}).reply(0, history({{1, "deployed"}, {2, "pending-upgrade"}}));
  runner.on({"helm", "rollback"}).reply(1, "", "Error: timed out waiting for the condition");
  auto done = recover_stuck_release(helm, stuck("pending-upgrade", 2), 300);
  ASSERT_FALSE(done.has_value());
  EXPECT_EQ(done.error().code, ExitCode::failed);
  EXPECT_THAT(done.error().message, HasSubstr("recovering the stuck release 'ops': helm rollback failed (exit 1)"));
  EXPECT_THAT(done.error().message, HasSubstr("timed out waiting for the condition"));
  EXPECT_THAT(done.error().hint, HasSubstr("helm history ops -n ns"));
}

TEST_F(StuckRelease, HelmFailingToUninstallIsReported) {
  runner.on({"helm", "history"}).reply(0, history({{1, "pending-install"}}));
  runner.on({"helm", "uninstall"}).reply(1, "", "Error: uninstallation completed with 1 error(s): forbidden");
  auto done = recover_stuck_release(helm, stuck("pending-install", 1), 300);
  ASSERT_FALSE(done.has_value());
  EXPECT_THAT(done.error().message, HasSubstr("helm uninstall failed (exit 1)"));
}

TEST_F(StuckRelease, HelmHistoryFailingIsReported) {
  runner.on({"helm", "history"}).reply(1, "", "Error: Kubernetes cluster unreachable");
  auto done = recover_stuck_release(helm, stuck("pending-upgrade", 2), 300);
  ASSERT_FALSE(done.has_value());
  EXPECT_THAT(done.error().message, HasSubstr("helm history failed"));
  EXPECT_EQ(runner.commands().size(), 1u);
}

TEST_F(StuckRelease, AnInterruptedRollbackIsAnInterruption) {
  runner.on({"helm", "history"}).reply(0, history({{1, "deployed"}, {2, "pending-upgrade"}}));
  exec::CommandResult interrupted;
  interrupted.exit_code = 130;
  interrupted.interrupted = true;
  runner.on({"helm", "rollback"}).reply(interrupted);
  auto done = recover_stuck_release(helm, stuck("pending-upgrade", 2), 300);
  ASSERT_FALSE(done.has_value());
  EXPECT_EQ(done.error().code, ExitCode::interrupted);
}

TEST_F(StuckRelease, AReleaseThatIsNotPendingNeedsNothing) {
  auto done = recover_stuck_release(helm, stuck("deployed", 4), 300);
  ASSERT_TRUE(done.has_value());
  EXPECT_EQ(*done, "release 'ops' is deployed; nothing to recover");
  EXPECT_TRUE(runner.commands().empty());
}

TEST(StuckReleaseError, ExplainsWhatIsStuckAndBothWaysOut) {
  const auto error = stuck_release_error(stuck("pending-upgrade", 7));
  EXPECT_EQ(error.code, ExitCode::failed);
  EXPECT_THAT(error.message, HasSubstr("release 'ops' is stuck in pending-upgrade at revision 7"));
  EXPECT_THAT(error.hint, HasSubstr("without --no-recover"));
  EXPECT_THAT(error.hint, HasSubstr("helm rollback ops REVISION -n ns"));
}

TEST(PlanRecovery, IsPureAndIgnoresNewerRevisions) {
  std::vector<tools::HistoryEntry> entries(3);
  entries[0] = {1, "deployed", "", "", "", ""};
  entries[1] = {2, "pending-upgrade", "", "", "", ""};
  entries[2] = {3, "deployed", "", "", "", ""};  // cannot be a target: not below the stuck one
  auto plan = plan_recovery(stuck("pending-upgrade", 2), entries);
  ASSERT_TRUE(plan.has_value());
  EXPECT_EQ(plan->kind, RecoveryPlan::Kind::rollback);
  EXPECT_EQ(plan->to_revision, 1);
  EXPECT_EQ(plan_recovery(stuck("failed", 2), entries)->kind, RecoveryPlan::Kind::nothing);
}

}  // namespace
}  // namespace altinity_deploy::actions
