// Destroy's guard: which ClickHouse installations the operator still manages,
// and refusing (or, forced, warning) before it is uninstalled.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "altinity_deploy/actions/destroy_guard.hpp"
#include "altinity_deploy/actions/release_lock.hpp"
#include "altinity_deploy/actions/verbs.hpp"
#include "support/recording_runner.hpp"
#include "../../src/cli/print_json.hpp"
#include "../../src/cli/print_text.hpp"

namespace altinity_deploy::actions {
namespace {

using ::testing::HasSubstr;
using json = nlohmann::json;
using Argv = std::vector<std::string>;

json item(const std::string& kind, const std::string& ns, const std::string& name) {
  return {{"apiVersion", kind == "ClickHouseInstallation" ? "clickhouse.altinity.com/v1"
                                                          : "clickhouse-keeper.altinity.com/v1"},
          {"kind", kind},
          {"metadata", {{"name", name}, {"namespace", ns}, {"finalizers", {"finalizer.clickhouseinstallation.altinity.com"}}}}};
}

std::string list(std::vector<json> items) {
  return json{{"apiVersion", "v1"}, {"kind", "List"}, {"items", items}}.dump();
}

spec::OperatorSpec operator_spec(std::vector<std::string> watch = {".*"}) {
  spec::OperatorSpec spec;
  spec.metadata.name = "ops";
  spec.namespace_name = "altinity-operator";
  spec.watch_namespaces = std::move(watch);
  return spec;
}

const Argv kBoth = {"kubectl", "get",
                    "clickhouseinstallations.clickhouse.altinity.com,"
                    "clickhousekeeperinstallations.clickhouse-keeper.altinity.com",
                    "--all-namespaces", "--output", "json", "--request-timeout=30s"};
const char* kNoType = "error: the server doesn't have a resource type \"clickhousekeeperinstallations\"";

TEST(OperatorWatches, MatchesWholeNamesAgainstEachPattern) {
  const std::vector<std::string> watch = {"prod-.*", "analytics"};
  EXPECT_TRUE(operator_watches(watch, "op", "prod-1"));
  EXPECT_TRUE(operator_watches(watch, "op", "analytics"));
  EXPECT_FALSE(operator_watches(watch, "op", "analytics-2")) << "whole-name match, not a search";
  EXPECT_FALSE(operator_watches(watch, "op", "my-prod-1"));
  EXPECT_FALSE(operator_watches(watch, "op", "dev"));
}

TEST(OperatorWatches, AllItsOwnAndEmpty) {
  EXPECT_TRUE(operator_watches({".*"}, "op", "anything"));
  EXPECT_TRUE(operator_watches({"prod-.*"}, "op", "op")) << "its own namespace always";
  EXPECT_FALSE(operator_watches({}, "op", "other"));
  EXPECT_TRUE(operator_watches({}, "op", "op"));
  EXPECT_TRUE(operator_watches({}, "kube-system", "other")) << "[] from kube-system means all";
}

TEST(OperatorWatches, AnUnreadablePatternCountsAsMatching) {
  EXPECT_TRUE(operator_watches({"[unclosed"}, "op", "dev"));
  EXPECT_TRUE(operator_watches({"(?<lookbehind>x)"}, "op", "dev")) << "not Go syntax";
}

TEST(OperatorWatches, ReadsGoSyntaxAsTheOperatorDoes) {
  // Flags, named groups and Unicode classes are Go's (RE2's), not ECMAScript's.
  EXPECT_TRUE(operator_watches({"(?i)prod-.*"}, "op", "PROD-1"));
  EXPECT_FALSE(operator_watches({"(?i)prod"}, "op", "dev"));
  EXPECT_TRUE(operator_watches({"(?P<env>prod|stage)-[0-9]+"}, "op", "stage-12"));
  EXPECT_TRUE(operator_watches({"\\pL+"}, "op", "analytics"));
}

TEST(OperatorWatches, APatternThatBacktracksExponentiallyElsewhereIsLinearHere) {
  // A backtracking engine takes 2^n steps for this pair (minutes at n = 60);
  // RE2 answers at once. A regression shows as this test timing out.
  const std::string name(60, 'a');
  EXPECT_FALSE(operator_watches({"(a+)+b", "(a|aa)*c", "(a*)*$x"}, "op", name + "!"));
  EXPECT_TRUE(operator_watches({"(a+)+"}, "op", name));
}

TEST(WatchedInstallations, ListsOnlyWatchedNamespacesSorted) {
  const auto spec = operator_spec({"prod-.*"});
  const auto doc = json::parse(list({item("ClickHouseKeeperInstallation", "prod-b", "keeper"),
                                     item("ClickHouseInstallation", "dev", "ignored"),
                                     item("ClickHouseInstallation", "prod-a", "ch"),
                                     item("ClickHouseInstallation", "altinity-operator", "own")}));
  const auto found = watched_installations(tools::parse_installations(doc), spec);
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].describe(), "altinity-operator/own (ClickHouseInstallation)");
  EXPECT_EQ(found[1].describe(), "prod-a/ch (ClickHouseInstallation)");
  EXPECT_EQ(found[2].describe(), "prod-b/keeper (ClickHouseKeeperInstallation)");
}

class DestroyGuard : public ::testing::Test {
 protected:
  DestroyGuard() : kubectl(runner, "kubectl", {}) {}
  exec::RecordingRunner runner;
  tools::KubectlClient kubectl;
};

TEST_F(DestroyGuard, NoInstallationsPasses) {
  runner.on({"kubectl", "get"}).reply(0, list({}));
  auto checked = check_destroy_safe(list_watched_installations(kubectl, operator_spec()), false);
  ASSERT_TRUE(checked.has_value()) << checked.error().message;
  EXPECT_TRUE(checked->empty());
  EXPECT_EQ(runner.commands(), std::vector<Argv>{kBoth});
}

TEST_F(DestroyGuard, RefusesNamingEachInstallation) {
  runner.on({"kubectl", "get"})
      .reply(0, list({item("ClickHouseInstallation", "prod", "events"),
                      item("ClickHouseKeeperInstallation", "prod", "keeper")}));
  auto checked = check_destroy_safe(list_watched_installations(kubectl, operator_spec()), false);
  ASSERT_FALSE(checked.has_value());
  EXPECT_EQ(checked.error().code, ExitCode::failed);
  EXPECT_EQ(checked.error().message,
            "refusing to uninstall the operator: it still manages 2 ClickHouse installations:\n"
            "  prod/events (ClickHouseInstallation)\n"
            "  prod/keeper (ClickHouseKeeperInstallation)");
  EXPECT_THAT(checked.error().hint, HasSubstr("delete them first, while the operator still runs"));
  EXPECT_THAT(checked.error().hint, HasSubstr("kubectl delete chi events -n prod"));
  EXPECT_THAT(checked.error().hint, HasSubstr("--force"));
}

TEST_F(DestroyGuard, ForceProceedsAndReturnsWhatIsLeftBehind) {
  runner.on({"kubectl", "get"}).reply(0, list({item("ClickHouseInstallation", "prod", "events")}));
  auto checked = check_destroy_safe(list_watched_installations(kubectl, operator_spec()), true);
  ASSERT_TRUE(checked.has_value());
  ASSERT_EQ(checked->size(), 1u);
  EXPECT_EQ(checked->front().describe(), "prod/events (ClickHouseInstallation)");
}

TEST_F(DestroyGuard, InstallationsOutsideTheWatchDoNotCount) {
  runner.on({"kubectl", "get"}).reply(0, list({item("ClickHouseInstallation", "other-team", "theirs")}));
  auto checked = check_destroy_safe(list_watched_installations(kubectl, operator_spec({"prod-.*"})), false);
  ASSERT_TRUE(checked.has_value());
  EXPECT_TRUE(checked->empty());
}

TEST_F(DestroyGuard, NoCrdsMeansNone) {
  runner.on({"kubectl", "get"}).reply(1, "", "error: the server doesn't have a resource type \"clickhouseinstallations\"");
  auto checked = check_destroy_safe(list_watched_installations(kubectl, operator_spec()), false);
  ASSERT_TRUE(checked.has_value()) << checked.error().message;
  EXPECT_TRUE(checked->empty());
  // Asked together, then each alone.
  ASSERT_EQ(runner.commands().size(), 3u);
  EXPECT_EQ(runner.commands()[1][2], "clickhouseinstallations.clickhouse.altinity.com");
  EXPECT_EQ(runner.commands()[2][2], "clickhousekeeperinstallations.clickhouse-keeper.altinity.com");
}

TEST_F(DestroyGuard, OneMissingCrdDoesNotHideTheOtherKind) {
  runner.on(kBoth).reply(1, "", kNoType);
  runner.on({"kubectl", "get", "clickhouseinstallations.clickhouse.altinity.com"})
      .reply(0, list({item("ClickHouseInstallation", "prod", "events")}));
  runner.on({"kubectl", "get", "clickhousekeeperinstallations.clickhouse-keeper.altinity.com"}).reply(1, "", kNoType);
  auto checked = check_destroy_safe(list_watched_installations(kubectl, operator_spec()), false);
  ASSERT_FALSE(checked.has_value());
  EXPECT_THAT(checked.error().message, HasSubstr("prod/events (ClickHouseInstallation)"));
}

TEST_F(DestroyGuard, OtherKubectlFailuresStopUnlessForced) {
  runner.on({"kubectl", "get"}).reply(1, "", "Error from server (Forbidden): forbidden: cannot list");
  auto checked = check_destroy_safe(list_watched_installations(kubectl, operator_spec()), false);
  ASSERT_FALSE(checked.has_value());
  EXPECT_THAT(checked.error().message, HasSubstr("listing the ClickHouse installations: kubectl get"));
  auto forced = check_destroy_safe(list_watched_installations(kubectl, operator_spec()), true);
  ASSERT_TRUE(forced.has_value());
  EXPECT_TRUE(forced->empty());
}

// run_destroy end to end against a scripted helm and kubectl.
class RunDestroy : public ::testing::Test {
 protected:
  void SetUp() override {
    // helm's reads of the release, which these scripts answer; the Secrets
    // reader is tested in release_reader_test.cpp and tests/e2e.
    setenv("ALTINITY_DEPLOY_RELEASE_READER", "helm", 1);
    dir = std::filesystem::temp_directory_path() /
          fmt::format("destroy-test-{}-{}", getpid(), ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "op.yaml") << "apiVersion: kubernetes.project-planton.org/v1\n"
                                      "kind: AltinityOperatorKubernetes\n"
                                      "metadata:\n  name: ops\n"
                                      "spec:\n  namespace: altinity-operator\n";
    options.manifest_path = (dir / "op.yaml").string();
    options.temp_dir = dir.string();
    runner.on({"helm", "version"}).reply(0, "v3.17.3");
    runner.on({"kubectl", "config", "view"})
        .reply(0, R"({"current-context":"fake","clusters":[{"name":"fake","cluster":{"server":"https://127.0.0.1:6443"}}]})");
    runner.on({"kubectl", "get", "--raw"}).reply(0, R"({"major":"1","minor":"20","gitVersion":"v1.20.2"})");
    // The uninstall and the lock's release succeed unless a test says otherwise.
    runner.fallback({"helm", "uninstall"}).reply(0);
    runner.fallback({"kubectl", "delete", "--raw"}).reply(0);
  }
  void TearDown() override {
    unsetenv("ALTINITY_DEPLOY_RELEASE_READER");
    std::filesystem::remove_all(dir);
  }

  void namespace_exists() {
    runner.on({"kubectl", "get", "namespace"})
        .reply(0, R"({"metadata":{"name":"altinity-operator","labels":{"app.kubernetes.io/managed-by":"altinity-deploy"}},"status":{"phase":"Active"}})")
        .once();
  }
  void lock_is_free() {
    runner.on({"kubectl", "create"}).reply(0, R"({"metadata":{"resourceVersion":"11"}})");
  }
  void release_is_installed() {
    runner.on({"helm", "history"})
        .reply(0, R"([{"revision":1,"status":"deployed","chart":"altinity-clickhouse-operator-0.23.6","app_version":"0.23.6"}])");
  }
  void release_is_absent() { runner.on({"helm", "history"}).reply(1, "", "Error: release: not found"); }
  void installations_are(const std::string& json_list) {
    runner.on({"kubectl", "get", "clickhouseinstallations.clickhouse.altinity.com,"
                                 "clickhousekeeperinstallations.clickhouse-keeper.altinity.com"})
        .reply(0, json_list);
  }

  std::filesystem::path dir;
  GlobalOptions options;
  DestroyOptions destroy;
  exec::RecordingRunner runner;
};

TEST_F(RunDestroy, RefusesWithInstallationsAndGivesTheLockBack) {
  namespace_exists();
  lock_is_free();
  release_is_installed();
  installations_are(list({item("ClickHouseInstallation", "analytics", "events")}));
  const auto report = run_destroy(runner, options, destroy);
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().error.code, ExitCode::failed);
  EXPECT_THAT(report.error().error.message, HasSubstr("analytics/events (ClickHouseInstallation)"));
  EXPECT_EQ(runner.count({"helm", "uninstall"}), 0);
  EXPECT_EQ(runner.count({"kubectl", "delete", "namespace"}), 0);
  EXPECT_EQ(runner.count({"kubectl", "delete", "--raw",
                          "/apis/coordination.k8s.io/v1/namespaces/altinity-operator/leases/altinity-deploy-ops"}),
            1);
}

TEST_F(RunDestroy, ForceUninstallsAndReportsWhatIsLeftBehind) {
  namespace_exists();
  lock_is_free();
  release_is_installed();
  installations_are(list({item("ClickHouseInstallation", "analytics", "events")}));
  destroy.force = true;
  destroy.keep_namespace = true;
  const auto report = run_destroy(runner, options, destroy);
  ASSERT_TRUE(report) << report.error().error.message;
  EXPECT_EQ(report->code, ExitCode::success);
  EXPECT_EQ(runner.count({"helm", "uninstall", "ops"}), 1);
  EXPECT_THAT(cli::text_of(*report).str(), HasSubstr("left behind (--force), their finalizers unprocessed: "
                                               "analytics/events (ClickHouseInstallation)"));
  const auto document = cli::json_of(*report);
  ASSERT_EQ(document["leftBehind"].size(), 1u);
  EXPECT_EQ(document["leftBehind"][0]["name"], "events");
  EXPECT_EQ(runner.count({"kubectl", "delete", "--raw"}), 1) << "the kept namespace keeps no lock";
}

TEST_F(RunDestroy, AnotherRunsLockStopsItBeforeAnything) {
  namespace_exists();
  runner.on({"kubectl", "create"}).reply(1, "", "Error from server (AlreadyExists): leases \"x\" already exists");
  runner.on({"kubectl", "get", "leases.coordination.k8s.io"})
      .reply(0, fmt::format(R"({{"metadata":{{"resourceVersion":"3"}},"spec":{{"holderIdentity":"ci/1/x",)"
                            R"("leaseDurationSeconds":30,"renewTime":"{}"}}}})",
                            format_micro_time(WallClock::now())));
  // Read in the first batch, before the lock: only read.
  release_is_installed();
  installations_are(list({}));
  const auto report = run_destroy(runner, options, destroy);
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().error.code, ExitCode::locked);
  EXPECT_EQ(runner.count({"helm", "uninstall"}), 0);
  EXPECT_EQ(runner.count({"kubectl", "delete"}), 0);
}

TEST_F(RunDestroy, ANamespaceThatDoesNotGoSaysWhatRemains) {
  namespace_exists();
  runner.on({"kubectl", "get", "namespace"})
      .reply(0, R"({"metadata":{"name":"altinity-operator"},"status":{"phase":"Terminating","conditions":[
        {"type":"NamespaceDeletionDiscoveryFailure","status":"False","message":"All resources successfully discovered"},
        {"type":"NamespaceContentRemaining","status":"True","message":"Some resources are remaining: clickhouseinstallations.clickhouse.altinity.com has 1 resource instances"},
        {"type":"NamespaceFinalizersRemaining","status":"True","message":"Some content in the namespace has finalizers remaining: finalizer.clickhouseinstallation.altinity.com in 1 resource instances"}]}})");
  lock_is_free();
  release_is_absent();
  installations_are(list({item("ClickHouseInstallation", "analytics", "events")}));
  runner.on({"kubectl", "delete", "namespace"})
      .reply(1, "", "error: timed out waiting for the condition on namespaces/altinity-operator");
  const auto report = run_destroy(runner, options, destroy);
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().error.code, ExitCode::failed);
  EXPECT_EQ(report.error().error.message,
            "namespace 'altinity-operator' was not deleted within 300s; it is still Terminating: Some resources are "
            "remaining: clickhouseinstallations.clickhouse.altinity.com has 1 resource instances; Some content in "
            "the namespace has finalizers remaining: finalizer.clickhouseinstallation.altinity.com in 1 resource "
            "instances");
  EXPECT_THAT(report.error().error.hint, HasSubstr("kubectl get all,chi,chk -n altinity-operator"));
  EXPECT_EQ(runner.count({"kubectl", "delete", "--raw"}), 0) << "the lease went with the namespace";
  // Listed in the first batch, but with no release there is nothing to guard.
  EXPECT_EQ(runner.count({"helm", "uninstall"}), 0);
}

}  // namespace
}  // namespace altinity_deploy::actions
