// The dry-run path: up's own steps (preview_namespace_creation, apply_plan) with
// every change recorded instead of run. What it records must be what the
// same steps run for real.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "altinity_deploy/actions/release_request.hpp"
#include "altinity_deploy/actions/up_steps.hpp"
#include "altinity_deploy/exec/dry_run_runner.hpp"
#include "support/recording_runner.hpp"
#include "altinity_deploy/spec/operator_chart.hpp"

namespace altinity_deploy::actions {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Not;
using Argv = std::vector<std::string>;

constexpr const char* kStatusSsa =
    R"({"name":"op","namespace":"ns","version":3,"apply_method":"ssa","info":{"status":"deployed"},)"
    R"("chart":{"metadata":{"name":"altinity-clickhouse-operator","version":"0.23.6"}}})";
constexpr const char* kUpgraded =
    R"({"name":"op","namespace":"ns","version":4,"info":{"status":"deployed"},)"
    R"("chart":{"metadata":{"name":"altinity-clickhouse-operator","version":"0.26.0","appVersion":"0.26.0"}}})";

spec::OperatorSpec op_spec() {
  spec::OperatorSpec spec;
  spec.metadata.name = "op";
  spec.namespace_name = "ns";
  return spec;
}

Connection connection_over(exec::CommandRunner& runner, int helm_major) {
  const tools::ReleaseRef release{"op", "ns"};
  Connection connection{tools::HelmClient(runner, "helm", {"/k/config", "prod"}, release),
                        tools::KubectlClient(runner, "kubectl", {"/k/config", "prod"}, release), {}, {}, {}};
  connection.helm.assume_version({helm_major, helm_major == 3 ? "v3.17.3" : "v4.1.4"});
  return connection;
}

plan::ReleasePlan plan_for(const spec::OperatorSpec& spec, plan::ClusterState cluster, bool crds) {
  plan::DesiredState desired;
  desired.chart = tools::ChartMetadata{spec.chart.name, "0.26.0", {}};
  if (crds) desired.crds.push_back(plan::CrdDocument{spec::kOperatorCrds[0], "0.26.0", "new-hash", {}});
  return plan::diff(spec, std::move(desired), std::move(cluster));
}

plan::ClusterState deployed(const std::string& crd_hash, const std::string& chart_version = "0.23.6") {
  plan::ClusterState cluster;
  cluster.namespace_info = tools::NamespaceInfo{"Active", {{kManagedByLabel, kManagedByValue}}, {}};
  tools::ReleaseInfo release;
  release.name = "op";
  release.status = "deployed";
  release.revision = 3;
  release.chart_name = "altinity-clickhouse-operator";
  release.chart_version = chart_version;
  cluster.release = release;
  cluster.crds[spec::kOperatorCrds[0]] = plan::ClusterCrd{crd_hash, "0.26.0"};
  return cluster;
}

std::vector<Argv> argvs(const std::vector<exec::Command>& commands) {
  std::vector<Argv> out;
  for (const auto& command : commands) out.push_back(command.argv);
  return out;
}

TEST(DryRunRunner, RecordsAndAnswersSuccessWithoutCallingTheWatcher) {
  exec::DryRunRunner dry;
  exec::Command command;
  command.argv = {"helm", "upgrade"};
  bool watched = false;
  auto result = dry.run_watched(command, [&] { watched = true; return std::optional<std::string>{}; },
                                std::chrono::milliseconds(1));
  ASSERT_TRUE(result);
  EXPECT_TRUE(result->ok());
  EXPECT_TRUE(result->dry_run);
  EXPECT_FALSE(watched);
  ASSERT_EQ(dry.commands().size(), 1u);
  EXPECT_EQ(dry.commands()[0].argv, command.argv);
}

TEST(OfflineRunner, RefusesEveryCommandNamingIt) {
  exec::OfflineRunner offline;
  exec::Command command;
  command.argv = {"kubectl", "get", "pods"};
  auto result = offline.run(command);
  ASSERT_FALSE(result);
  EXPECT_THAT(result.error().message, ::testing::HasSubstr("kubectl get pods"));
}

TEST(UpCommands, FreshInstallRecordsNamespaceCrdsAndHelmAndReadsNothing) {
  exec::RecordingRunner cluster;
  const auto spec = op_spec();
  const auto connection = connection_over(cluster, 3);
  auto commands = up_commands(connection, spec, plan_for(spec, {}, true), false, "<values-file>");
  ASSERT_TRUE(commands) << commands.error().message;
  const auto ran = argvs(*commands);
  ASSERT_EQ(ran.size(), 3u);
  // The namespace, made with the lock's Lease in one call as up makes it.
  EXPECT_EQ(ran[0], (Argv{"kubectl", "create", "--filename", "-", "--output", "json", "--request-timeout=30s",
                          "--kubeconfig", "/k/config", "--context", "prod"}));
  EXPECT_EQ(ran[1], (Argv{"kubectl", "apply", "--server-side", "--field-manager=altinity-deploy", "--filename", "-",
                          "--request-timeout=30s", "--force-conflicts", "--kubeconfig", "/k/config", "--context",
                          "prod"}));
  EXPECT_THAT(ran[2], Contains("<values-file>"));
  EXPECT_EQ(Argv(ran[2].begin(), ran[2].begin() + 4), (Argv{"helm", "upgrade", "--install", "op"}));
  EXPECT_THAT(cluster.commands(), IsEmpty()) << "a fresh install reads nothing and changes nothing";
}

TEST(UpCommands, NothingWhenThePlanIsEmptyUnlessForced) {
  exec::RecordingRunner cluster;
  const auto spec = op_spec();
  const auto connection = connection_over(cluster, 3);
  auto plan = plan_for(spec, deployed("new-hash", "0.26.0"), true);
  ASSERT_TRUE(plan.empty());
  EXPECT_THAT(*up_commands(connection, spec, plan, false, "v.yaml"), IsEmpty());
  auto forced = up_commands(connection, spec, plan, true, "v.yaml");
  ASSERT_TRUE(forced);
  ASSERT_EQ(forced->size(), 2u);  // the CRDs again (createCrds), then helm
  EXPECT_EQ((*forced)[1].argv[1], "upgrade");
}

TEST(UpCommands, OnlyCrdsChangedRecordsOnlyTheCrdApply) {
  exec::RecordingRunner cluster;
  const auto spec = op_spec();
  const auto connection = connection_over(cluster, 3);
  auto commands =
      up_commands(connection, spec, plan_for(spec, deployed("old-hash", "0.26.0"), true), false, "v.yaml");
  ASSERT_TRUE(commands);
  ASSERT_EQ(commands->size(), 1u);
  EXPECT_THAT((*commands)[0].argv, Contains("--server-side"));
}

TEST(UpCommands, Helm4UpgradeReadsTheApplyMethodAndKeepsIt) {
  exec::RecordingRunner cluster;
  cluster.on({"helm", "status"}).reply(0, kStatusSsa);
  const auto spec = op_spec();
  const auto connection = connection_over(cluster, 4);
  auto commands = up_commands(connection, spec, plan_for(spec, deployed("new-hash"), false), false, "v.yaml");
  ASSERT_TRUE(commands) << commands.error().message;
  ASSERT_EQ(commands->size(), 1u);
  EXPECT_THAT((*commands)[0].argv, Contains("--server-side=true"));
  EXPECT_EQ(cluster.count({"helm", "status"}), 1) << "reads go to the cluster";
  EXPECT_THAT(cluster.commands(), Not(Contains(Contains("upgrade")))) << "the upgrade is only recorded";
}

// The point of the dry run: the same steps, run for real over a recording
// runner, run exactly the changes the dry run recorded.
TEST(UpCommands, RecordsWhatTheRealStepsRun) {
  for (const int major : {3, 4}) {
    const auto spec = op_spec();
    for (const bool fresh : {true, false}) {
      SCOPED_TRACE(::testing::Message() << "Helm " << major << (fresh ? " fresh install" : " upgrade"));
      const auto make_plan = [&] { return plan_for(spec, fresh ? plan::ClusterState{} : deployed("old-hash"), true); };

      exec::RecordingRunner reads;
      reads.on({"helm", "status"}).reply(0, kStatusSsa);
      auto predicted = up_commands(connection_over(reads, major), spec, make_plan(), false, "/tmp/v.yaml");
      ASSERT_TRUE(predicted) << predicted.error().message;

      exec::RecordingRunner real;
      real.on({"helm", "status"}).reply(0, kStatusSsa);
      real.on({"helm", "upgrade"}).reply(0, kUpgraded);
      real.on({"kubectl", "apply"}).reply(0);
      real.on({"kubectl", "get", "pods,replicasets"}).reply(0, R"({"kind":"List","items":[]})");
      real.on({"kubectl", "create"}).reply(0, R"({"kind":"Namespace"}{"kind":"Lease","metadata":{}})");
      auto connection = connection_over(real, major);
      auto plan = make_plan();
      LockOptions lock_options;
      lock_options.renew = false;
      auto lock = take_lock(connection, plan, lock_options);
      ASSERT_TRUE(lock) << lock.error().message;
      (*lock)->abandon();
      ASSERT_EQ(real.calls().size(), 1u);
      // Without a namespace to make, that call was the lock's alone, which the dry run leaves out.
      const size_t lock_calls = fresh ? 0 : 1;
      auto done = apply_plan(connection, spec, plan, false, "/tmp/v.yaml", std::chrono::seconds(0));
      ASSERT_TRUE(done) << done.error().message;
      ASSERT_TRUE(*done);
      EXPECT_EQ((*done)->revision, 4);

      std::vector<exec::Command> changes;
      const auto calls = real.calls();
      for (size_t i = lock_calls; i < calls.size(); ++i) {
        const auto& call = calls[i];
        if (call.argv[1] != "status" && call.argv[1] != "get") changes.push_back(call);  // reads
      }
      ASSERT_EQ(argvs(changes), argvs(*predicted));
      for (size_t i = 0; i < changes.size(); ++i) {
        EXPECT_EQ(changes[i].timeout, (*predicted)[i].timeout);
        if (changes[i].argv[1] == "create") {
          // The namespace and the lock: the same namespace; the Lease names
          // this run as holder, the dry run's nobody.
          EXPECT_EQ(nlohmann::json::parse(changes[i].stdin_data)["items"][0],
                    nlohmann::json::parse((*predicted)[i].stdin_data)["items"][0]);
          continue;
        }
        EXPECT_EQ(changes[i].stdin_data, (*predicted)[i].stdin_data);
      }
    }
  }
}

}  // namespace
}  // namespace altinity_deploy::actions
