// The exact helm argv for Helm 3 and Helm 4: what `up` runs is what these
// tests pin down.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "altinity_deploy/actions/release_request.hpp"
#include "support/recording_runner.hpp"
#include "altinity_deploy/tools/helm_client.hpp"

namespace altinity_deploy::tools {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;

// argv builders never run anything; this runner proves it.
class NoRunner final : public exec::CommandRunner {
 public:
  Result<exec::CommandResult> run(const exec::Command&) override {
    ADD_FAILURE() << "argv builders must not start processes";
    return exec::CommandResult{};
  }
  Result<exec::CommandResult> run_watched(const exec::Command& c, const exec::Watcher&,
                                          std::chrono::milliseconds) override {
    return run(c);
  }
};

spec::OperatorSpec basic_spec() {
  spec::OperatorSpec spec;
  spec.metadata.name = "altinity-operator-prod";
  return spec;
}

HelmClient client(NoRunner& runner, int major, KubeAccess access = {"/k/config", "prod"}) {
  HelmClient helm(runner, "helm", std::move(access), {"altinity-operator-prod", "altinity-operator"});
  helm.assume_version({major, major == 3 ? "v3.17.3" : "v4.1.4"});
  return helm;
}

TEST(HelmArgv, Helm3UpgradeInstallFromRepository) {
  NoRunner runner;
  auto helm = client(runner, 3);
  auto request = actions::upgrade_request(basic_spec(), "/tmp/v.yaml", ApplyMethod::client_side, false);
  EXPECT_THAT(helm.upgrade_install_command(request).argv,
              ElementsAreArray({"helm", "upgrade", "--install", "altinity-operator-prod",
                                "altinity-clickhouse-operator", "--namespace", "altinity-operator", "--repo",
                                "https://docs.altinity.com/clickhouse-operator/", "--version", "0.23.6",
                                "--values", "/tmp/v.yaml", "--skip-crds", "--atomic", "--wait", "--cleanup-on-fail",
                                "--timeout", "300s", "--output", "json", "--kubeconfig", "/k/config", "--kube-context", "prod"}));
}

TEST(HelmArgv, Helm4UsesRollbackOnFailureWatcherAndClientSideApply) {
  NoRunner runner;
  auto helm = client(runner, 4);
  auto request = actions::upgrade_request(basic_spec(), "/tmp/v.yaml", ApplyMethod::client_side, false);
  EXPECT_THAT(helm.upgrade_install_command(request).argv,
              ElementsAreArray({"helm", "upgrade", "--install", "altinity-operator-prod",
                                "altinity-clickhouse-operator", "--namespace", "altinity-operator", "--repo",
                                "https://docs.altinity.com/clickhouse-operator/", "--version", "0.23.6",
                                "--values", "/tmp/v.yaml", "--skip-crds", "--rollback-on-failure", "--wait=watcher",
                                "--server-side=false", "--cleanup-on-fail", "--timeout", "300s", "--output", "json",
                                "--kubeconfig", "/k/config", "--kube-context", "prod"}));
}

TEST(HelmArgv, Helm4ForceConflictsOnlyUnderServerSideApply) {
  NoRunner runner;
  auto helm = client(runner, 4, {});
  auto request = actions::upgrade_request(basic_spec(), "v", ApplyMethod::server_side, true);
  auto argv = helm.upgrade_install_command(request).argv;
  EXPECT_THAT(argv, ::testing::Contains("--server-side=true"));
  EXPECT_THAT(argv, ::testing::Contains("--force-conflicts"));
  EXPECT_THAT(argv, ::testing::Contains("--force-replace"));
  EXPECT_THAT(argv, ::testing::Not(::testing::Contains("--atomic")));
}

TEST(HelmArgv, Helm3ForceAndSkipCrdsAndNoAtomic) {
  NoRunner runner;
  auto helm = client(runner, 3, {});
  auto spec = basic_spec();
  spec.create_crds = false;
  spec.helm.atomic = false;
  spec.helm.cleanup_on_fail = false;
  spec.helm.timeout_seconds = 42;
  auto argv = helm.upgrade_install_command(actions::upgrade_request(spec, "v", ApplyMethod::client_side, true)).argv;
  EXPECT_THAT(argv, ElementsAreArray({"helm", "upgrade", "--install", "altinity-operator-prod",
                                      "altinity-clickhouse-operator", "--namespace", "altinity-operator", "--repo",
                                      "https://docs.altinity.com/clickhouse-operator/", "--version", "0.23.6",
                                      "--values", "v", "--skip-crds", "--wait", "--force", "--timeout", "42s",
                                      "--output", "json"}));
}

// The deployer applies the chart's CRDs itself (createCrds: true) or leaves
// them alone (false): helm never touches them, on either major.
TEST(HelmArgv, HelmNeverInstallsCrdsWhateverCreateCrdsSays) {
  NoRunner runner;
  for (int major : {3, 4}) {
    for (bool create_crds : {true, false}) {
      auto helm = client(runner, major, {});
      auto spec = basic_spec();
      spec.create_crds = create_crds;
      auto argv =
          helm.upgrade_install_command(actions::upgrade_request(spec, "v", ApplyMethod::client_side, false)).argv;
      EXPECT_EQ(std::count(argv.begin(), argv.end(), "--skip-crds"), 1) << "Helm " << major;
    }
  }
}

TEST(HelmArgv, ShowCrdsAndShowChartNeedNoClusterAccess) {
  exec::RecordingRunner runner;
  runner.on({"helm", "show"}).reply(0);
  HelmClient helm(runner, "helm", {"/k/config", "prod"});
  helm.assume_version({3, "v3.17.3"});
  spec::Chart chart;
  chart.version = "0.26.0";
  (void)helm.show_crds(chart);
  spec::Chart local;
  local.path = "/charts/op.tgz";
  (void)helm.show_chart(local);
  EXPECT_THAT(runner.commands(),
              ElementsAre(ElementsAreArray({"helm", "show", "crds", "altinity-clickhouse-operator", "--repo",
                                           "https://docs.altinity.com/clickhouse-operator/", "--version", "0.26.0"}),
                          ElementsAreArray({"helm", "show", "chart", "/charts/op.tgz"})));
}

TEST(HelmArgv, TemplateIsOfflineAndTheSameForBothMajors) {
  for (int major : {3, 4}) {
    NoRunner runner;
    auto helm = client(runner, major);
    spec::Chart chart;
    chart.version = "0.25.6";
    EXPECT_THAT(helm.template_command({chart, "/tmp/v.yaml", ""}).argv,
                ElementsAreArray({"helm", "template", "altinity-operator-prod", "altinity-clickhouse-operator",
                                  "--namespace", "altinity-operator", "--repo",
                                  "https://docs.altinity.com/clickhouse-operator/", "--version", "0.25.6",
                                  "--values", "/tmp/v.yaml", "--skip-tests"}))
        << "Helm " << major;
    spec::Chart oci;
    oci.repo = "oci://127.0.0.1:5000/charts/";
    oci.version = "0.26.0";
    EXPECT_THAT(helm.template_command({oci, "v", "1.20.2"}).argv,
                ElementsAreArray({"helm", "template", "altinity-operator-prod",
                                  "oci://127.0.0.1:5000/charts/altinity-clickhouse-operator", "--namespace",
                                  "altinity-operator", "--version", "0.26.0", "--plain-http", "--values", "v",
                                  "--skip-tests", "--kube-version", "1.20.2"}));
  }
}

TEST(HelmJson, UpgradeOutputNamesTheRevisionAndTheChart) {
  auto info = parse_release_status(
      R"({"name":"op","namespace":"ns","version":4,"apply_method":"csa","info":{"status":"deployed",)"
      R"("last_deployed":"2026-11-25T21:59:36.5Z"},"chart":{"metadata":{"name":"altinity-clickhouse-operator",)"
      R"("version":"0.26.0","appVersion":"0.26.0"},"templates":[]},"manifest":"..."})");
  ASSERT_TRUE(info);
  EXPECT_EQ(info->revision, 4);
  EXPECT_EQ(info->status, "deployed");
  EXPECT_EQ(info->chart_name, "altinity-clickhouse-operator");
  EXPECT_EQ(info->chart_version, "0.26.0");
  EXPECT_EQ(info->app_version, "0.26.0");
  EXPECT_EQ(info->apply_method, "csa");
  EXPECT_EQ(info->last_deployed, "2026-11-25T21:59:36.5Z");
}

TEST(HelmArgv, LatestRevisionIsOneHistoryCall) {
  exec::RecordingRunner runner;
  runner.on({"helm", "history"})
      .reply(0, R"([{"revision":7,"updated":"2026-11-25T10:07:00Z","status":"deployed",)"
                R"("chart":"altinity-clickhouse-operator-0.26.0","app_version":"0.26.0","description":"Upgrade complete"}])");
  HelmClient helm(runner, "helm", {}, {"op", "ns"});
  auto latest = helm.latest_revision();
  ASSERT_TRUE(latest && *latest);
  EXPECT_EQ((*latest)->revision, 7);
  EXPECT_EQ((*latest)->chart_name, "altinity-clickhouse-operator");
  EXPECT_EQ((*latest)->chart_version, "0.26.0");
  EXPECT_EQ((*latest)->last_deployed, "2026-11-25T10:07:00Z");
  EXPECT_THAT(runner.commands(), ElementsAre(ElementsAreArray({"helm", "history", "op", "--namespace", "ns", "--max",
                                                               "1", "--output", "json"})));
}

TEST(HelmArgv, ProcessTimeoutLeavesHelmRoomToReportItsOwn) {
  NoRunner runner;
  auto helm = client(runner, 3);
  auto command = helm.upgrade_install_command(
      actions::upgrade_request(basic_spec(), "v", ApplyMethod::client_side, false));
  EXPECT_EQ(command.timeout, std::chrono::seconds(360));
}

TEST(ChartReference, OciChartJoinsRepositoryAndName) {
  spec::Chart chart;
  chart.repo = "oci://ghcr.io/altinity/clickhouse-operator-helm-chart/";
  chart.version = "0.26.0";
  auto ref = chart_reference(chart);
  EXPECT_THAT(ref.words, ElementsAre("oci://ghcr.io/altinity/clickhouse-operator-helm-chart/altinity-clickhouse-operator"));
  EXPECT_THAT(ref.flags, ElementsAre("--version", "0.26.0"));
}

TEST(ChartReference, LoopbackOciRegistryUsesPlainHttp) {
  spec::Chart chart;
  chart.repo = "oci://127.0.0.1:5000/charts";
  auto ref = chart_reference(chart);
  EXPECT_THAT(ref.words, ElementsAre("oci://127.0.0.1:5000/charts/altinity-clickhouse-operator"));
  EXPECT_THAT(ref.flags, ElementsAre("--version", "0.23.6", "--plain-http"));
}

TEST(ChartReference, LocalPathHasNoVersionFlag) {
  spec::Chart chart;
  chart.path = "/charts/op.tgz";
  auto ref = chart_reference(chart);
  EXPECT_THAT(ref.words, ElementsAre("/charts/op.tgz"));
  EXPECT_TRUE(ref.flags.empty());
}

TEST(HelmArgv, UninstallWaits) {
  NoRunner runner;
  auto helm = client(runner, 4, {});
  EXPECT_THAT(helm.uninstall_command(300).argv,
              ElementsAre("helm", "uninstall", "altinity-operator-prod", "--namespace", "altinity-operator", "--wait",
                          "--timeout", "300s"));
}

TEST(ApplyMethod, Helm4KeepsTheReleasesMethodAndInstallsClientSide) {
  ReleaseInfo ssa;
  ssa.apply_method = "ssa";
  ReleaseInfo csa;
  csa.apply_method = "csa";
  EXPECT_EQ(actions::choose_apply_method(4, nullptr).method, ApplyMethod::client_side);
  EXPECT_EQ(actions::choose_apply_method(4, &ssa).method, ApplyMethod::server_side);
  EXPECT_EQ(actions::choose_apply_method(4, &csa).method, ApplyMethod::client_side);
  EXPECT_EQ(actions::choose_apply_method(3, &ssa).method, ApplyMethod::client_side);
  EXPECT_THAT(actions::choose_apply_method(4, nullptr).reason, ::testing::HasSubstr("protocol"));
}

}  // namespace
}  // namespace altinity_deploy::tools
