// read_snapshot + make_plan against a scripted runner, diff() on hand-made states, and
// the concurrent batch the plan's reads run in.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/base64_encode.hpp"

#include <cstdlib>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "altinity_deploy/exec/concurrent.hpp"
#include "support/read_and_plan.hpp"
#include "support/recording_runner.hpp"
#include "altinity_deploy/plan/release_plan.hpp"
#include "altinity_deploy/plan/values_builder.hpp"
#include "altinity_deploy/plan/values_diff.hpp"
#include "altinity_deploy/plan_json/release_plan_json.hpp"
#include "altinity_deploy/yaml/yaml_loader.hpp"
#include "../../src/cli/plan_text.hpp"
#include "altinity_deploy/yaml/yaml_to_json.hpp"

namespace altinity_deploy::plan {
namespace {

using nlohmann::json;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;
using Argv = std::vector<std::string>;

constexpr const char* kChi = "clickhouseinstallations.clickhouse.altinity.com";
constexpr const char* kChk = "clickhousekeeperinstallations.clickhouse-keeper.altinity.com";

std::string crd_doc(const std::string& name, const std::string& version) {
  return "---\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: " + name +
         "\n  labels:\n    clickhouse.altinity.com/chop: " + version + "\nspec: {}\n";
}

std::string chart_crds(const std::string& version) { return crd_doc(kChi, version) + crd_doc(kChk, version); }

spec::OperatorSpec basic_spec() {
  spec::OperatorSpec spec;
  spec.metadata.name = "ops";
  spec.namespace_name = "ops-ns";
  return spec;
}

// The cluster's copy of the chart's CRDs, as the deployer applied them.
json applied_crds(const std::string& version) {
  json items = json::array();
  const auto crds = parse_crd_documents(chart_crds(version));
  for (const auto& crd : *crds) items.push_back(crd.object);
  return items;
}

// The user-supplied values `up` leaves in a release: the manifest's, with a
// generated operator password.
json deployed_values(const spec::OperatorSpec& spec) {
  yaml::Node values = build_values(spec);
  apply_operator_password(values, {OperatorPassword::Origin::generated, "Kept0Generated1Password2For3Test", ""});
  return yaml::to_json(values);
}

json namespace_object(const std::string& name) {
  return {{"kind", "Namespace"},
          {"metadata", {{"name", name}, {"labels", {{"app.kubernetes.io/managed-by", "altinity-deploy"}}}}},
          {"status", {{"phase", "Active"}}}};
}

std::string history_json(const std::string& status, const std::string& version) {
  return R"([{"revision":3,"updated":"2026-11-25T10:03:00Z","status":")" + status +
         R"(","chart":"altinity-clickhouse-operator-)" + version + R"(","app_version":")" + version +
         R"(","description":"x"}])";
}

class ComputePlan : public ::testing::Test {
 protected:
  // These tests model helm's own reads; ComputePlanFromSecrets reads the
  // release's Secrets instead.
  ComputePlan() {
    helm_.assume_version({3, "v3.17.3"});
    ::setenv("ALTINITY_DEPLOY_RELEASE_READER", "helm", 1);
  }
  ~ComputePlan() override { ::unsetenv("ALTINITY_DEPLOY_RELEASE_READER"); }

  void nothing_installed() {
    runner_.on({"helm", "history"}).reply(1, "", "Error: release: not found");
    runner_.on({"helm", "status"}).reply(1, "", "Error: release: not found");
    runner_.on({"kubectl", "get"}).reply(0, R"({"apiVersion":"v1","kind":"List","items":[]})");
    runner_.on({"helm", "show", "crds"}).reply(0, chart_crds("0.23.6"));
  }

  void installed(const spec::OperatorSpec& spec, const std::string& version, json crds = nullptr) {
    runner_.on({"helm", "history"}).reply(0, history_json("deployed", version));
    runner_.on({"helm", "status"}).reply(0, json({{"config", deployed_values(spec)}, {"manifest", manifest_}}).dump());
    json items = crds.is_null() ? applied_crds(version) : std::move(crds);
    items.push_back(namespace_object(spec.namespace_name));
    runner_.on({"kubectl", "get"}).reply(0, json({{"kind", "List"}, {"items", items}}).dump());
    runner_.on({"helm", "show", "crds"}).answer(show_crds_of_the_asked_version);
  }

  // `helm show crds ... --version V`: the CRDs labelled V.
  static Result<exec::CommandResult> show_crds_of_the_asked_version(const exec::Command& command) {
    auto flag = std::find(command.argv.begin(), command.argv.end(), "--version");
    exec::CommandResult result;
    result.exit_code = 0;
    result.out = chart_crds(flag != command.argv.end() && flag + 1 != command.argv.end() ? *(flag + 1) : "0");
    return result;
  }

  // The clients are bound to the spec's release, as connect() binds them.
  Result<ReleasePlan> plan(const spec::OperatorSpec& spec) {
    return testing_support::read_and_plan(runner_, spec);
  }

  std::string manifest_;  // the release's stored manifest; empty: no drift check
  exec::RecordingRunner runner_;
  tools::HelmClient helm_{runner_, "helm", {}};
  tools::KubectlClient kubectl_{runner_, "kubectl", {}};
};

std::vector<std::string> subjects(const ReleasePlan& plan) {
  std::vector<std::string> out;
  for (const auto& change : plan.changes) out.push_back(plan_json::change_line(change).str());
  return out;
}

TEST_F(ComputePlan, ReadsEverythingInOneBatchAndChangesNothing) {
  nothing_installed();
  ASSERT_TRUE(plan(basic_spec()));
  EXPECT_THAT(runner_.commands(),
              UnorderedElementsAre(
                  Argv{"helm", "history", "ops", "--namespace", "ops-ns", "--max", "1", "--output", "json"},
                  Argv{"helm", "status", "ops", "--namespace", "ops-ns", "--output", "json"},
                  Argv{"kubectl", "get", "namespace/ops-ns",
                       "customresourcedefinition/clickhouseinstallations.clickhouse.altinity.com",
                       "customresourcedefinition/clickhouseinstallationtemplates.clickhouse.altinity.com",
                       "customresourcedefinition/clickhouseoperatorconfigurations.clickhouse.altinity.com",
                       "customresourcedefinition/clickhousekeeperinstallations.clickhouse-keeper.altinity.com",
                       "--ignore-not-found", "--output", "json", "--request-timeout=30s"},
                  Argv{"helm", "show", "crds", "altinity-clickhouse-operator", "--repo",
                       "https://docs.altinity.com/clickhouse-operator/", "--version", "0.23.6"},
                  Argv{"kubectl", "get", tools::kReleaseObjectKinds, "--selector",
                       "app.kubernetes.io/instance=ops", "--namespace", "ops-ns", "--ignore-not-found", "--output",
                       "json", "--request-timeout=30s"}));
}

TEST_F(ComputePlan, NothingInstalledMeansNamespaceReleaseAndCrds) {
  nothing_installed();
  auto result = plan(basic_spec());
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_THAT(subjects(*result),
              ElementsAre("+ namespace ops-ns: will be created",
                          "+ release ops: will be installed (chart altinity-clickhouse-operator 0.23.6)",
                          std::string("+ crd ") + kChi + ": will be created (0.23.6)",
                          std::string("+ crd ") + kChk + ": will be created (0.23.6)"));
  EXPECT_TRUE(result->needs_helm());
  EXPECT_TRUE(result->needs_crds());
  EXPECT_EQ(result->release(), nullptr);
  EXPECT_TRUE(result->cluster.values.is_null()) << "no values are read for an absent release";
}

TEST_F(ComputePlan, AnUnchangedReleaseHasAnEmptyPlan) {
  const auto spec = basic_spec();
  installed(spec, "0.23.6");
  auto result = plan(spec);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_THAT(subjects(*result), IsEmpty());
  ASSERT_NE(result->release(), nullptr);
  EXPECT_EQ(result->release()->revision, 3);
  EXPECT_EQ(result->release()->chart_version, "0.23.6");
}

// The stored Deployment, and the live one as the label read of the first batch answers.
const char* kStoredDeployment = "---\nkind: Deployment\nmetadata: {name: op}\nspec: {paused: false, replicas: 1}\n";

json live_deployment(bool paused, int replicas = 1) {
  return {{"kind", "Deployment"},
          {"metadata",
           {{"name", "op"},
            {"namespace", "ops-ns"},
            {"uid", "u1"},
            {"annotations", {{"meta.helm.sh/release-name", "ops"}, {"meta.helm.sh/release-namespace", "ops-ns"}}}}},
          {"spec", {{"paused", paused}, {"replicas", replicas}, {"progressDeadlineSeconds", 600}}}};
}

// A vector: `{object}` as a json is the object itself with clang, an array with gcc.
std::string live_list(const std::vector<json>& items) {
  return json({{"kind", "List"}, {"items", json(items)}}).dump();
}

// read_snapshot's label read of the release's live objects (the first batch).
const Argv kLiveRead = {"kubectl", "get", tools::kReleaseObjectKinds};

TEST_F(ComputePlan, DriftIsTheFirstBatchsLabelReadComparedInProcess) {
  const auto spec = basic_spec();
  manifest_ = kStoredDeployment;
  runner_.on(kLiveRead).reply(0, live_list({live_deployment(true)}));
  installed(spec, "0.23.6");
  auto result = plan(spec);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_THAT(subjects(*result), ElementsAre("~ Deployment/op: spec.paused: chart false -> live true"));
  // One read of the live objects, no named get (nothing missing), no kubectl diff.
  EXPECT_EQ(runner_.count(kLiveRead), 1);
  EXPECT_EQ(runner_.count({"kubectl", "get", "Deployment/op"}), 0);
  EXPECT_EQ(runner_.count({"kubectl", "diff"}), 0);
  EXPECT_TRUE(result->drift_checked);
}

TEST_F(ComputePlan, ADeletedObjectAndACleanOneAfterTheReads) {
  const auto spec = basic_spec();
  manifest_ = std::string(kStoredDeployment) + "---\nkind: ConfigMap\nmetadata: {name: op-files}\ndata: {a: b}\n";
  runner_.on(kLiveRead).reply(0, live_list({live_deployment(false)}));
  // The stored ConfigMap the label read did not return: asked for by name, and gone.
  runner_.on({"kubectl", "get", "ConfigMap/op-files"}).reply(0, "");
  installed(spec, "0.23.6");
  auto result = plan(spec);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_THAT(subjects(*result), ElementsAre("! ConfigMap/op-files: deleted"));
  EXPECT_EQ(runner_.count({"kubectl", "get", "ConfigMap/op-files"}), 1);
}

// A hand-edited CRD keeps the fingerprint annotation: the chart's CRDs are
// compared too, and a drifted one is a CRD update.
TEST_F(ComputePlan, DriftedCrdsAreComparedAndBecomeCrdUpdates) {
  const auto spec = basic_spec();
  manifest_ = kStoredDeployment;
  json crds = applied_crds("0.23.6");
  crds[0]["metadata"]["labels"]["clickhouse.altinity.com/chop"] = "hand";
  runner_.on(kLiveRead).reply(0, live_list({live_deployment(false)}));
  installed(spec, "0.23.6", crds);
  auto result = plan(spec);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_THAT(subjects(*result), ElementsAre(std::string("~ crd ") + kChi +
                                             ": will be updated (changed in the cluster: "
                                             "metadata.labels.\"clickhouse.altinity.com/chop\")"));
  EXPECT_TRUE(result->needs_crds());
  EXPECT_FALSE(result->needs_helm());
}

TEST_F(ComputePlan, DriftInWarnModeIsReportedButNoChange) {
  auto spec = basic_spec();
  spec.drift_detection.mode = spec::DriftDetection::Mode::warn;
  manifest_ = kStoredDeployment;
  runner_.on(kLiveRead).reply(0, live_list({live_deployment(true)}));
  installed(spec, "0.23.6");
  auto result = plan(spec);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_TRUE(result->empty());
  ASSERT_EQ(result->drift.size(), 1u);
  EXPECT_NE(cli::format_plan(*result, spec).str().find("Drift (driftDetection.mode: warn"), std::string::npos);
}

TEST_F(ComputePlan, HandScaledReplicasAskForTheAutoscalersOnce) {
  const auto spec = basic_spec();
  manifest_ = kStoredDeployment;
  runner_.on(kLiveRead).reply(0, live_list({live_deployment(false, 3)}));
  runner_.on({"kubectl", "get", "horizontalpodautoscalers"})
      .reply(0, live_list({{{"kind", "HorizontalPodAutoscaler"},
                            {"spec", {{"scaleTargetRef", {{"kind", "Deployment"}, {"name", "op"}}}}}}}));
  installed(spec, "0.23.6");
  auto result = plan(spec);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_TRUE(result->empty());
  EXPECT_EQ(runner_.count({"kubectl", "get", "horizontalpodautoscalers"}), 1);
}

// The live objects are read in the first batch, before the stored manifest is
// known: with drift detection on always (nothing drifts without a manifest),
// never with it disabled.
TEST_F(ComputePlan, DriftDisabledReadsNoLiveObjects) {
  auto spec = basic_spec();
  installed(spec, "0.23.6");
  auto clean = plan(spec);  // manifest_ empty
  ASSERT_TRUE(clean) << clean.error().message;
  EXPECT_TRUE(clean->drift.empty());
  EXPECT_EQ(runner_.count(kLiveRead), 1);
  manifest_ = kStoredDeployment;
  spec.drift_detection.mode = spec::DriftDetection::Mode::disabled;
  installed(spec, "0.23.6");
  ASSERT_TRUE(plan(spec));
  EXPECT_EQ(runner_.count(kLiveRead), 1);
}

TEST_F(ComputePlan, AFailedReadOfTheLiveObjectsFailsThePlanAndSaysWhy) {
  const auto spec = basic_spec();
  manifest_ = kStoredDeployment;
  runner_.on(kLiveRead).reply(1, "", "error: the server could not find the requested resource");
  installed(spec, "0.23.6");
  auto result = plan(spec);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("could not find the requested resource"), std::string::npos);
}

TEST_F(ComputePlan, AForbiddenReadLeavesThePlanUsableAndSaysDriftWasNotChecked) {
  const auto spec = basic_spec();
  manifest_ = kStoredDeployment;
  runner_.on(kLiveRead)
      .reply(1, "", "Error from server (Forbidden): clusterroles is forbidden: User \"ci\" cannot list");
  // Then by name: refused too.
  runner_.on({"kubectl", "get", "Deployment/op"})
      .reply(1, "", "Error from server (Forbidden): deployments.apps \"op\" is forbidden: User \"ci\" cannot get");
  installed(spec, "0.23.6");
  auto result = plan(spec);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_TRUE(result->empty());
  EXPECT_FALSE(result->drift_checked);
  EXPECT_NE(cli::format_plan(*result, spec).str().find("drift not checked: the account may not read"),
            std::string::npos);
}

TEST_F(ComputePlan, ANewChartVersionChangesTheChartAndItsCrds) {
  auto spec = basic_spec();
  installed(spec, "0.23.6");
  spec.chart.version = "0.26.0";
  auto result = plan(spec);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_THAT(subjects(*result),
              ElementsAre("~ chart altinity-clickhouse-operator: 0.23.6 -> 0.26.0",
                          std::string("~ crd ") + kChi + ": will be updated (0.23.6 -> 0.26.0)",
                          std::string("~ crd ") + kChk + ": will be updated (0.23.6 -> 0.26.0)"));
  EXPECT_THAT(runner_.commands(), Contains(Argv{"helm", "show", "crds", "altinity-clickhouse-operator", "--repo",
                                                "https://docs.altinity.com/clickhouse-operator/", "--version",
                                                "0.26.0"}));
}

TEST_F(ComputePlan, CreateCrdsFalseReadsNoCrds) {
  auto spec = basic_spec();
  spec.create_crds = false;
  nothing_installed();
  auto result = plan(spec);
  ASSERT_TRUE(result);
  for (const auto& argv : runner_.commands()) {
    EXPECT_NE(argv[1], "show") << "no helm show crds";
    if (argv[0] == "kubectl" && argv[2] != tools::kReleaseObjectKinds) {
      EXPECT_EQ(argv[2], "namespace/ops-ns");
      EXPECT_EQ(argv[3], "--ignore-not-found");
    }
  }
  EXPECT_FALSE(result->needs_crds());
}

TEST_F(ComputePlan, ALocalChartsVersionComesFromHelmShowChart) {
  auto spec = basic_spec();
  spec.chart.path = "/charts/op";
  runner_.on({"helm", "show", "chart"}).reply(0, "apiVersion: v2\nname: altinity-clickhouse-operator\nversion: 0.25.4\n");
  nothing_installed();
  auto result = plan(spec);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->desired.chart.version, "0.25.4");
  EXPECT_THAT(runner_.commands(), Contains(Argv{"helm", "show", "chart", "/charts/op"}));
  EXPECT_THAT(runner_.commands(), Contains(Argv{"helm", "show", "crds", "/charts/op"}));
}

TEST_F(ComputePlan, ACrdTheKnownListLacksIsAskedForAfterwards) {
  runner_.on({"helm", "show", "crds"}).reply(0, chart_crds("0.28.0") + crd_doc("newthings.clickhouse.altinity.com", "0.28.0"));
  nothing_installed();
  auto result = plan(basic_spec());
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_THAT(runner_.commands(),
              Contains(Argv{"kubectl", "get", "customresourcedefinition/newthings.clickhouse.altinity.com",
                            "--ignore-not-found", "--output", "json", "--request-timeout=30s"}));
  EXPECT_THAT(subjects(*result), Contains("+ crd newthings.clickhouse.altinity.com: will be created (0.28.0)"));
}

TEST_F(ComputePlan, AFailedReadIsTheError) {
  runner_.on({"helm", "history"}).reply(1, "", "Error: Kubernetes cluster unreachable");
  nothing_installed();
  auto result = plan(basic_spec());
  ASSERT_FALSE(result);
  EXPECT_THAT(result.error().message, HasSubstr("helm history failed"));
  EXPECT_THAT(result.error().message, HasSubstr("cluster unreachable"));
}

// diff() on states made by hand.
ClusterState deployed_state(const spec::OperatorSpec& spec, const std::string& status) {
  ClusterState cluster;
  cluster.namespace_info = tools::NamespaceInfo{"Active", {}, {}};
  tools::ReleaseInfo release;
  release.name = spec.metadata.name;
  release.status = status;
  release.chart_name = "altinity-clickhouse-operator";
  release.chart_version = "0.23.6";
  cluster.release = release;
  cluster.values = deployed_values(spec);
  return cluster;
}

// What the manifest wants of a release `up` deployed before.
DesiredState desired_state(const spec::OperatorSpec& spec) {
  DesiredState desired = *desired_values(spec, deployed_values(basic_spec()), {});
  desired.chart = {"altinity-clickhouse-operator", spec.chart.version, {}};
  return desired;
}

// The release read from its Secret (Helm's default storage): one kubectl
// call instead of helm history + helm status.
class ComputePlanFromSecrets : public ComputePlan {
 protected:
  ComputePlanFromSecrets() { ::unsetenv("ALTINITY_DEPLOY_RELEASE_READER"); }

  static std::string base64(const std::string& bytes) { return testing_support::base64_encode(bytes); }

  // A release Secret as kubectl prints it; the record uncompressed (Helm
  // reads those too), base64 twice as Helm and the API store it.
  void installed_in_secret(const spec::OperatorSpec& spec, const std::string& version) {
    const json record = {{"name", spec.metadata.name},
                         {"namespace", spec.namespace_name},
                         {"version", 1},
                         {"info", {{"status", "deployed"}, {"last_deployed", "2026-11-27T00:00:00Z"}}},
                         {"chart", {{"metadata", {{"name", "altinity-clickhouse-operator"}, {"version", version},
                                                  {"appVersion", version}}}}},
                         {"config", deployed_values(spec)},
                         {"manifest", manifest_}};
    const json secret = {{"type", "helm.sh/release.v1"},
                         {"metadata", {{"labels", {{"owner", "helm"}, {"name", spec.metadata.name}, {"version", "1"}}}}},
                         {"data", {{"release", base64(base64(record.dump()))}}}};
    runner_.on({"kubectl", "get", "secrets"}).reply(0, json({{"kind", "List"}, {"items", {secret}}}).dump());
    installed(spec, version);
  }
};

TEST_F(ComputePlanFromSecrets, OneKubectlCallReplacesHelmsReads) {
  const auto spec = basic_spec();
  installed_in_secret(spec, "0.23.6");
  const auto plan = this->plan(spec);
  ASSERT_TRUE(plan) << plan.error().message;
  EXPECT_TRUE(plan->changes.empty()) << testing::PrintToString(subjects(*plan));
  ASSERT_TRUE(plan->release());
  EXPECT_EQ(plan->release()->chart_version, "0.23.6");
  for (const auto& command : runner_.commands()) {
    EXPECT_FALSE(command.size() > 1 && command[0] == "helm" && (command[1] == "history" || command[1] == "status"))
        << testing::PrintToString(command);
  }
}

TEST_F(ComputePlanFromSecrets, AnUnreadableRecordFallsBackToHelm) {
  const auto spec = basic_spec();
  runner_.on({"kubectl", "get", "secrets"}).reply(1, "", "Error from server (Forbidden): secrets is forbidden");
  installed(spec, "0.23.6");
  const auto plan = this->plan(spec);
  ASSERT_TRUE(plan) << plan.error().message;
  EXPECT_TRUE(plan->changes.empty()) << testing::PrintToString(subjects(*plan));
  bool asked_helm = false;
  for (const auto& command : runner_.commands()) asked_helm |= command.size() > 1 && command[1] == "history";
  EXPECT_TRUE(asked_helm);
}

TEST(Diff, ValueChangesAreListedLeafByLeaf) {
  auto spec = basic_spec();
  auto cluster = deployed_state(spec, "deployed");
  spec.resources.limits.cpu = "2";
  spec.values = yaml::load("metrics:\n  enabled: false\n").root;
  auto plan = diff(spec, desired_state(spec), cluster);
  EXPECT_THAT(subjects(plan), ElementsAre("+ value metrics.enabled: (absent) -> false",
                                          "~ value operator.resources.limits.cpu: \"1000m\" -> \"2\""));
  EXPECT_TRUE(plan.needs_helm());
  EXPECT_FALSE(plan.needs_crds());
}

TEST(Diff, ReleaseStatusProblems) {
  const auto spec = basic_spec();
  EXPECT_THAT(subjects(diff(spec, desired_state(spec), deployed_state(spec, "failed"))),
              ElementsAre("! release ops: status failed; its last operation failed; up upgrades over it"));
  EXPECT_THAT(subjects(diff(spec, desired_state(spec), deployed_state(spec, "pending-install"))),
              ElementsAre("! release ops: status pending-install; an interrupted run left it; up recovers it first, "
                          "under the release lock (unless --no-recover)"));
  EXPECT_THAT(subjects(diff(spec, desired_state(spec), deployed_state(spec, "uninstalled"))),
              ElementsAre("+ release ops: will be installed (chart altinity-clickhouse-operator 0.23.6)"));
}

TEST(Diff, ANamespaceBeingDeletedIsAProblem) {
  const auto spec = basic_spec();
  auto cluster = deployed_state(spec, "deployed");
  cluster.namespace_info->phase = "Terminating";
  EXPECT_THAT(subjects(diff(spec, desired_state(spec), cluster)),
              ElementsAre("! namespace ops-ns: is being deleted; up fails until it is gone"));
}

TEST(Diff, CrdsWithoutOurFingerprintOrWithAnotherAreUpdated) {
  const auto spec = basic_spec();
  auto desired = desired_state(spec);
  desired.crds = *parse_crd_documents(chart_crds("0.23.6"));
  auto cluster = deployed_state(spec, "deployed");
  cluster.crds[kChi] = ClusterCrd{"", "0.23.6"};                   // installed by helm itself
  cluster.crds[kChk] = ClusterCrd{std::string(64, '0'), "0.23.6"};  // changed by hand since
  EXPECT_THAT(subjects(diff(spec, desired, cluster)),
              ElementsAre(std::string("~ crd ") + kChi + ": will be updated (not applied by altinity-deploy before)",
                          std::string("~ crd ") + kChk + ": will be updated (differs from the chart's)"));
  cluster.crds[kChi].sha256 = desired.crds[0].sha256;
  cluster.crds[kChk].sha256 = desired.crds[1].sha256;
  auto plan = diff(spec, desired, cluster);
  EXPECT_TRUE(plan.empty());
}

TEST(RunConcurrently, TasksOverlapAndAllFinish) {
  std::mutex mutex;
  std::condition_variable all_started;
  int started = 0;
  std::atomic<int> overlapped{0};
  std::vector<std::function<void()>> tasks;
  for (int i = 0; i < 4; ++i) {
    tasks.emplace_back([&] {
      std::unique_lock lock(mutex);
      ++started;
      all_started.notify_all();
      // Run one after the other, a task would wait here in vain.
      if (all_started.wait_for(lock, std::chrono::seconds(5), [&] { return started == 4; })) ++overlapped;
    });
  }
  exec::run_concurrently(std::move(tasks));
  EXPECT_EQ(overlapped.load(), 4);
}

TEST(RunConcurrently, AnExceptionComesBackAfterEveryTaskFinished) {
  std::atomic<int> finished{0};
  std::vector<std::function<void()>> tasks = {
      [&] { throw std::runtime_error("first"); },
      [&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        ++finished;
      },
      [&] { ++finished; }};
  EXPECT_THROW(exec::run_concurrently(std::move(tasks)), std::runtime_error);
  EXPECT_EQ(finished.load(), 2);
  exec::run_concurrently({});
}

}  // namespace
}  // namespace altinity_deploy::plan
