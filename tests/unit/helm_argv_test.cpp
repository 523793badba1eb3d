// The exact helm argv for Helm 3 and Helm 4: what `up` runs is what these
// tests pin down.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "altinity_deploy/actions/release_request.hpp"
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
  HelmClient helm(runner, "helm", std::move(access));
  helm.set_version_for_tests({major, major == 3 ? "v3.17.3" : "v4.1.4"});
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
                                "--values", "/tmp/v.yaml", "--atomic", "--wait", "--cleanup-on-fail",
                                "--timeout", "300s", "--kubeconfig", "/k/config", "--kube-context", "prod"}));
}

TEST(HelmArgv, Helm4UsesRollbackOnFailureWatcherAndClientSideApply) {
  NoRunner runner;
  auto helm = client(runner, 4);
  auto request = actions::upgrade_request(basic_spec(), "/tmp/v.yaml", ApplyMethod::client_side, false);
  EXPECT_THAT(helm.upgrade_install_command(request).argv,
              ElementsAreArray({"helm", "upgrade", "--install", "altinity-operator-prod",
                                "altinity-clickhouse-operator", "--namespace", "altinity-operator", "--repo",
                                "https://docs.altinity.com/clickhouse-operator/", "--version", "0.23.6",
                                "--values", "/tmp/v.yaml", "--rollback-on-failure", "--wait=watcher",
                                "--server-side=false", "--cleanup-on-fail", "--timeout", "300s", "--kubeconfig",
                                "/k/config", "--kube-context", "prod"}));
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
                                      "--values", "v", "--wait", "--force", "--skip-crds", "--timeout", "42s"}));
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
  auto ref = chart_reference(chart, 3);
  EXPECT_THAT(ref.words, ElementsAre("oci://ghcr.io/altinity/clickhouse-operator-helm-chart/altinity-clickhouse-operator"));
  EXPECT_THAT(ref.flags, ElementsAre("--version", "0.26.0"));
}

TEST(ChartReference, LoopbackOciRegistryUsesPlainHttp) {
  spec::Chart chart;
  chart.repo = "oci://127.0.0.1:5000/charts";
  auto ref = chart_reference(chart, 4);
  EXPECT_THAT(ref.words, ElementsAre("oci://127.0.0.1:5000/charts/altinity-clickhouse-operator"));
  EXPECT_THAT(ref.flags, ElementsAre("--version", "0.23.6", "--plain-http"));
}

TEST(ChartReference, LocalPathHasNoVersionFlag) {
  spec::Chart chart;
  chart.path = "/charts/op.tgz";
  auto ref = chart_reference(chart, 3);
  EXPECT_THAT(ref.words, ElementsAre("/charts/op.tgz"));
  EXPECT_TRUE(ref.flags.empty());
}

TEST(HelmArgv, UninstallWaits) {
  NoRunner runner;
  auto helm = client(runner, 4, {});
  EXPECT_THAT(helm.uninstall_command("r", "ns", 300).argv,
              ElementsAre("helm", "uninstall", "r", "--namespace", "ns", "--wait", "--timeout", "300s"));
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
