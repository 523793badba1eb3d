// The fail-fast watcher: canned pod lists, a scripted kubectl and a clock the
// test moves.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "altinity_deploy/actions/fail_fast.hpp"
#include "altinity_deploy/exec/process_runner.hpp"
#include "support/recording_runner.hpp"

namespace altinity_deploy::actions {
namespace {

using ::testing::HasSubstr;
using json = nlohmann::json;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

json waiting(const std::string& name, const std::string& reason, const std::string& message = "") {
  json state = {{"reason", reason}};
  if (!message.empty()) state["message"] = message;
  return {{"name", name}, {"ready", false}, {"restartCount", 0}, {"state", {{"waiting", state}}}};
}

json running(const std::string& name) {
  return {{"name", name}, {"ready", true}, {"state", {{"running", {{"startedAt", "2026-11-25T21:00:00Z"}}}}}};
}

json pod(const std::string& name, std::vector<json> containers, std::vector<json> init = {},
         const std::string& replica_set = "ops-operator-5d8f", const std::string& uid = "") {
  json meta = {{"name", name}, {"namespace", "ns"}, {"uid", uid.empty() ? "uid-" + name : uid}};
  if (!replica_set.empty()) {
    meta["ownerReferences"] = json::array(
        {{{"apiVersion", "apps/v1"}, {"kind", "ReplicaSet"}, {"name", replica_set}, {"uid", "rs-" + replica_set},
          {"controller", true}}});
  }
  json status = {{"phase", "Pending"}, {"containerStatuses", containers}};
  if (!init.empty()) status["initContainerStatuses"] = init;
  return {{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", meta}, {"status", status}};
}

json replica_set(const std::string& name, int revision, const std::string& deployment_uid = "deploy-1") {
  return {{"apiVersion", "apps/v1"},
          {"kind", "ReplicaSet"},
          {"metadata",
           {{"name", name},
            {"namespace", "ns"},
            {"annotations", {{"deployment.kubernetes.io/revision", std::to_string(revision)}}},
            {"ownerReferences",
             json::array({{{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"name", "ops-operator"},
                           {"uid", deployment_uid}, {"controller", true}}})}}}};
}

json list(std::vector<json> items) { return {{"apiVersion", "v1"}, {"kind", "List"}, {"items", items}}; }

TEST(StuckContainers, FindsEachFailFastReasonInContainersAndInitContainers) {
  const auto found = stuck_containers(tools::parse_workloads(list({
      pod("a", {waiting("operator", "ImagePullBackOff", "Back-off pulling image \"altinity/op:nope\""),
                running("metrics-exporter")}),
      pod("b", {waiting("operator", "ErrImagePull")}),
      pod("c", {waiting("operator", "InvalidImageName", "Failed to apply default image tag")}),
      pod("d", {waiting("operator", "CreateContainerConfigError", "secret \"creds\" not found")}),
      pod("e", {waiting("operator", "PodInitializing")}, {waiting("setup", "CrashLoopBackOff")}),
  })));
  ASSERT_EQ(found.size(), 5u);
  EXPECT_EQ(found[0].describe(),
            "pod a container operator: ImagePullBackOff: Back-off pulling image \"altinity/op:nope\"");
  EXPECT_EQ(found[1].describe(), "pod b container operator: ErrImagePull");
  EXPECT_EQ(found[2].reason, "InvalidImageName");
  EXPECT_EQ(found[3].describe(), "pod d container operator: CreateContainerConfigError: secret \"creds\" not found");
  EXPECT_TRUE(found[4].init);
  EXPECT_EQ(found[4].describe(), "pod e init container setup: CrashLoopBackOff");
}

TEST(StuckContainers, IgnoresContainersOnTheirWay) {
  EXPECT_TRUE(stuck_containers(tools::parse_workloads(list({pod("a", {waiting("operator", "ContainerCreating"), running("metrics")}),
                                     pod("b", {running("operator")})})))
                  .empty());
  EXPECT_TRUE(stuck_containers(tools::parse_workloads(list({}))).empty());
  EXPECT_TRUE(stuck_containers(tools::parse_workloads(json::object())).empty());
}

TEST(StuckContainers, CrashLoopSaysHowTheContainerLastExited) {
  auto status = waiting("operator", "CrashLoopBackOff", "back-off 40s restarting failed container=operator");
  status["lastState"] = {{"terminated", {{"exitCode", 2}, {"reason", "Error"}}}};
  const auto found = stuck_containers(tools::parse_workloads(list({pod("a", {status})})));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].describe(),
            "pod a container operator: CrashLoopBackOff: back-off 40s restarting failed container=operator; last "
            "exit code 2 (Error)");
}

TEST(StuckContainers, IgnoresPodsBeingDeleted) {
  auto going = pod("old", {waiting("operator", "CrashLoopBackOff")});
  going["metadata"]["deletionTimestamp"] = "2026-11-25T21:00:00Z";
  EXPECT_TRUE(stuck_containers(tools::parse_workloads(list({going}))).empty());
}

TEST(StuckContainers, IgnoresPodsOfADeploymentsOlderReplicaSets) {
  // A rolling update that fixes a crashing operator: the old pod keeps
  // crashing until the new one is ready; that must not stop the fix.
  const auto lst = list({replica_set("ops-operator-old", 3), replica_set("ops-operator-new", 4),
                         pod("old-pod", {waiting("operator", "CrashLoopBackOff")}, {}, "ops-operator-old"),
                         pod("new-pod", {waiting("operator", "ImagePullBackOff")}, {}, "ops-operator-new")});
  const auto found = stuck_containers(tools::parse_workloads(lst));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].pod, "new-pod");
}

TEST(StuckContainers, ReplicaSetsOfOtherDeploymentsDoNotCount) {
  const auto lst = list({replica_set("a-1", 7, "deploy-a"), replica_set("b-1", 1, "deploy-b"),
                         pod("b-pod", {waiting("c", "ImagePullBackOff")}, {}, "b-1")});
  EXPECT_EQ(stuck_containers(tools::parse_workloads(lst)).size(), 1u);
}

TEST(StuckContainers, PodsWithoutReplicaSetsCountToo) {
  // E.g. the chart's CRD hook Job (0.25.6+) stuck pulling bitnami/kubectl.
  auto job_pod = pod("crd-hook-x", {waiting("kubectl", "ImagePullBackOff")}, {}, "");
  job_pod["metadata"]["ownerReferences"] =
      json::array({{{"kind", "Job"}, {"name", "crd-hook"}, {"uid", "job-1"}, {"controller", true}}});
  EXPECT_EQ(stuck_containers(tools::parse_workloads(list({job_pod}))).size(), 1u);
}

class FailFastWatcher : public ::testing::Test {
 protected:
  FailFastWatcher() : kubectl(runner, "kubectl", {}, {"ops", "ns"}) {}

  exec::Watcher watcher(std::chrono::seconds after) {
    return fail_fast_watcher(kubectl, after, [this] { return clock; });
  }
  void pods_are(const json& lst) { runner.on({"kubectl", "get"}).reply(0, lst.dump()).once(); }

  exec::RecordingRunner runner;
  tools::KubectlClient kubectl;
  Clock::time_point clock{};
};

TEST_F(FailFastWatcher, ListsTheReleasesPodsAndReplicaSets) {
  auto w = watcher(60s);
  pods_are(list({}));
  EXPECT_EQ(w(), std::nullopt);
  ASSERT_EQ(runner.calls().size(), 1u);
  const auto call = runner.calls()[0];
  EXPECT_EQ(call.argv, (std::vector<std::string>{"kubectl", "get", "pods,replicasets", "--namespace", "ns",
                                                 "--selector", "app.kubernetes.io/instance=ops", "--output", "json",
                                                 "--request-timeout=10s"}));
  EXPECT_EQ(call.timeout, 15s);
}

TEST_F(FailFastWatcher, StopsOnlyOnceAContainerHasBeenStuckForTheLimit) {
  auto w = watcher(60s);
  const auto stuck = list({pod("p", {waiting("operator", "ImagePullBackOff", "Back-off pulling image \"x\"")})});
  pods_are(stuck);
  EXPECT_EQ(w(), std::nullopt);  // first seen now
  clock += 30s;
  pods_are(stuck);
  EXPECT_EQ(w(), std::nullopt);
  clock += 29s;
  pods_are(stuck);
  EXPECT_EQ(w(), std::nullopt);
  clock += 1s;
  pods_are(stuck);
  EXPECT_EQ(w(), "pod p container operator: ImagePullBackOff: Back-off pulling image \"x\"");
}

TEST_F(FailFastWatcher, ZeroDisablesItWithoutRunningKubectl) {
  auto w = watcher(0s);
  ASSERT_TRUE(static_cast<bool>(w));
  for (int i = 0; i < 3; ++i) {
    clock += 1h;
    EXPECT_EQ(w(), std::nullopt);
  }
  EXPECT_TRUE(runner.calls().empty());
}

TEST_F(FailFastWatcher, KubectlFailuresNeverStopHelmAndForgetNothing) {
  auto w = watcher(10s);
  const auto stuck = list({pod("p", {waiting("operator", "CrashLoopBackOff")})});
  pods_are(stuck);
  EXPECT_EQ(w(), std::nullopt);
  clock += 5s;
  runner.on({"kubectl", "get"}).reply(1, "", "Unable to connect to the server: EOF").once();
  EXPECT_EQ(w(), std::nullopt);
  clock += 5s;
  runner.on({"kubectl", "get"}).reply(0, "not json").once();
  EXPECT_EQ(w(), std::nullopt);
  runner.missing_program("kubectl").once();
  EXPECT_EQ(w(), std::nullopt);
  exec::CommandResult interrupted;
  interrupted.exit_code = 130;
  interrupted.interrupted = true;
  runner.on({"kubectl", "get"}).reply(interrupted).once();
  EXPECT_EQ(w(), std::nullopt);
  clock += 1s;
  pods_are(stuck);
  EXPECT_THAT(w().value_or(""), HasSubstr("pod p container operator: CrashLoopBackOff"));
}

TEST_F(FailFastWatcher, RemembersEachReasonThroughFlapping) {
  // Pulls alternate between ErrImagePull and ImagePullBackOff; neither resets the other.
  auto w = watcher(20s);
  const auto err = list({pod("p", {waiting("operator", "ErrImagePull")})});
  const auto backoff = list({pod("p", {waiting("operator", "ImagePullBackOff")})});
  pods_are(err);
  EXPECT_EQ(w(), std::nullopt);
  clock += 2s;
  pods_are(backoff);
  EXPECT_EQ(w(), std::nullopt);
  clock += 10s;
  pods_are(list({pod("p", {running("operator")})}));  // between pulls
  EXPECT_EQ(w(), std::nullopt);
  clock += 10s;  // 22 s after the first ErrImagePull, 20 s after the first back-off
  pods_are(backoff);
  EXPECT_EQ(w(), "pod p container operator: ImagePullBackOff");
}

TEST_F(FailFastWatcher, AReplacedPodStartsAfresh) {
  auto w = watcher(20s);
  pods_are(list({pod("p", {waiting("operator", "CrashLoopBackOff")}, {}, "rs", "uid-1")}));
  EXPECT_EQ(w(), std::nullopt);
  clock += 15s;
  pods_are(list({}));  // deleted: forgotten
  EXPECT_EQ(w(), std::nullopt);
  clock += 15s;
  pods_are(list({pod("p", {waiting("operator", "CrashLoopBackOff")}, {}, "rs", "uid-2")}));
  EXPECT_EQ(w(), std::nullopt);
  clock += 19s;
  pods_are(list({pod("p", {waiting("operator", "CrashLoopBackOff")}, {}, "rs", "uid-2")}));
  EXPECT_EQ(w(), std::nullopt);
  clock += 1s;
  pods_are(list({pod("p", {waiting("operator", "CrashLoopBackOff")}, {}, "rs", "uid-2")}));
  EXPECT_NE(w(), std::nullopt);
}

TEST_F(FailFastWatcher, NamesTheContainerStuckLongest) {
  auto w = watcher(10s);
  pods_are(list({pod("first", {waiting("operator", "ImagePullBackOff")})}));
  EXPECT_EQ(w(), std::nullopt);
  clock += 5s;
  const auto both = list({pod("second", {waiting("operator", "CrashLoopBackOff")}),
                          pod("first", {waiting("operator", "ImagePullBackOff")})});
  pods_are(both);
  EXPECT_EQ(w(), std::nullopt);
  clock += 30s;
  pods_are(both);
  EXPECT_EQ(w(), "pod first container operator: ImagePullBackOff");
}

TEST_F(FailFastWatcher, StopsHelmThroughRunWatched) {
  // How up.cpp uses it: run_watched stops helm with the watcher's reason.
  auto w = watcher(1s);
  const auto stuck = list({pod("p", {waiting("operator", "ImagePullBackOff")})});
  pods_are(stuck);
  EXPECT_EQ(w(), std::nullopt);
  clock += 2s;
  pods_are(stuck);
  runner.on({"helm", "upgrade"}).reply(1, "", "Error: UPGRADE FAILED: context canceled");
  exec::Command helm;
  helm.argv = {"helm", "upgrade", "--install", "ops"};
  auto result = runner.run_watched(helm, w, kFailFastEvery);
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->stopped_because, "pod p container operator: ImagePullBackOff");
  const auto error = fail_fast_error(result->stopped_because, 1s, *result);
  EXPECT_EQ(error.code, ExitCode::failed);
  EXPECT_EQ(error.message,
            "stopped helm: a container has been stuck for more than 1 s: pod p container operator: "
            "ImagePullBackOff\nhelm said:\nError: UPGRADE FAILED: context canceled");
  EXPECT_THAT(error.hint, HasSubstr("--fail-fast-after 0"));
}

// Helm answers the watcher's SIGTERM by rolling back, which takes a while;
// the real runner must not SIGKILL it midway (that would leave the release
// pending-rollback). A shell plays helm: 6 s of "rollback" after SIGTERM.
TEST(FailFastStop, HelmGetsTimeToRollBack) {
  exec::ProcessRunner runner;
  exec::Command helm;
  helm.argv = {"/bin/sh", "-c", "trap 'sleep 6; echo rolled back; exit 1' TERM; sleep 30 & wait"};
  helm.timeout = 60s;
  int calls = 0;
  const exec::Watcher watcher = [&]() -> std::optional<std::string> {
    return ++calls < 2 ? std::nullopt : std::optional<std::string>("pod p container c: ImagePullBackOff");
  };
  auto result = runner.run_watched(helm, watcher, 100ms);
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->stopped_because, "pod p container c: ImagePullBackOff");
  EXPECT_EQ(result->exit_code, 1) << "not SIGKILLed during the rollback";
  EXPECT_EQ(result->out, "rolled back\n");
}

}  // namespace
}  // namespace altinity_deploy::actions
