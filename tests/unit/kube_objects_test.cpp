// Parsing kubectl's JSON into Pods, ReplicaSets, Deployments and ClickHouse
// installations: real-shaped objects, and hostile ones (missing fields,
// wrong types) that are left out with a reason instead of throwing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "altinity_deploy/tools/kube_objects.hpp"
#include "altinity_deploy/tools/tool_error.hpp"

namespace altinity_deploy::tools {
namespace {

using ::testing::HasSubstr;
using json = nlohmann::json;

// A pod as kubectl get -o json prints it (trimmed to the fields that matter).
const json kPod = json::parse(R"({
  "apiVersion": "v1", "kind": "Pod",
  "metadata": {"name": "op-5d8f-x1", "namespace": "ops", "uid": "u-1",
               "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "op-5d8f",
                                    "uid": "rs-1", "controller": true}]},
  "spec": {"initContainers": [{"name": "setup"}],
           "containers": [{"name": "altinity-clickhouse-operator",
                           "resources": {"limits": {"memory": "64Mi"}}},
                          {"name": "metrics-exporter"}]},
  "status": {"phase": "Running",
             "conditions": [{"type": "Ready", "status": "False", "reason": "ContainersNotReady"}],
             "initContainerStatuses": [{"name": "setup", "restartCount": 0,
                                        "state": {"terminated": {"reason": "Completed", "exitCode": 0}}}],
             "containerStatuses": [
               {"name": "altinity-clickhouse-operator", "restartCount": 3,
                "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 40s"}},
                "lastState": {"terminated": {"reason": "OOMKilled", "exitCode": 137}}},
               {"name": "metrics-exporter", "restartCount": 0, "state": {"running": {}}}]}
})");

TEST(KubeObjects, ReadsARealPod) {
  auto pod = parse_pod(kPod);
  ASSERT_TRUE(pod) << pod.error().message;
  EXPECT_EQ(pod->name, "op-5d8f-x1");
  EXPECT_EQ(pod->id(), "u-1");
  EXPECT_EQ(pod->replica_set, "op-5d8f");
  EXPECT_FALSE(pod->being_deleted);
  ASSERT_EQ(pod->conditions.size(), 1u);
  EXPECT_EQ(pod->conditions[0].reason, "ContainersNotReady");
  ASSERT_EQ(pod->containers.size(), 3u);
  EXPECT_TRUE(pod->containers[0].init);
  EXPECT_EQ(pod->containers[0].terminated->reason, "Completed");
  const ContainerState& op = pod->containers[1];
  EXPECT_FALSE(op.init);
  EXPECT_EQ(op.restarts, 3);
  EXPECT_EQ(op.waiting_reason, "CrashLoopBackOff");
  EXPECT_EQ(op.waiting_message, "back-off 40s");
  EXPECT_FALSE(op.terminated);
  ASSERT_TRUE(op.last_terminated);
  EXPECT_EQ(op.last_terminated->reason, "OOMKilled");
  EXPECT_EQ(op.last_terminated->exit_code, 137);
  EXPECT_EQ(op.memory_limit, "64Mi");
  EXPECT_EQ(pod->containers[2].memory_limit, "");
}

TEST(KubeObjects, APodWithoutUidIsKnownByNamespaceAndName) {
  json pod = kPod;
  pod["metadata"].erase("uid");
  pod["metadata"]["deletionTimestamp"] = "2026-12-07T00:00:00Z";
  auto parsed = parse_pod(pod);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->id(), "ops/op-5d8f-x1");
  EXPECT_TRUE(parsed->being_deleted);
}

TEST(KubeObjects, AbsentFieldsTakeTheirDefaults) {
  auto pod = parse_pod(json{{"kind", "Pod"}, {"metadata", {{"name", "bare"}}}});
  ASSERT_TRUE(pod) << pod.error().message;
  EXPECT_TRUE(pod->containers.empty());
  EXPECT_TRUE(pod->replica_set.empty());
  auto deployment = parse_deployment(json{{"metadata", {{"name", "op"}}}});
  ASSERT_TRUE(deployment);
  EXPECT_EQ(deployment->replicas, 0);
  EXPECT_EQ(deployment->available_replicas, 0);
}

TEST(KubeObjects, AWrongTypeIsAnErrorNamingTheField) {
  json pod = kPod;
  pod["status"]["containerStatuses"][0]["restartCount"] = "3";
  auto parsed = parse_pod(pod);
  ASSERT_FALSE(parsed);
  EXPECT_THAT(parsed.error().message, HasSubstr("Pod op-5d8f-x1"));
  EXPECT_THAT(parsed.error().message, HasSubstr("/restartCount is a string, not an integer"));

  json deployment = {{"metadata", {{"name", "op"}}}, {"status", "broken"}};
  auto wrong = parse_deployment(deployment);
  ASSERT_FALSE(wrong);
  EXPECT_THAT(wrong.error().message, HasSubstr("/status is a string, not an object"));

  json owners = kPod;
  owners["metadata"]["ownerReferences"] = "op-5d8f";
  ASSERT_FALSE(parse_pod(owners));
  EXPECT_FALSE(parse_pod(json::array()));
  EXPECT_FALSE(parse_pod(json(42)));
}

TEST(KubeObjects, AnObjectWithoutANameIsAnError) {
  auto parsed = parse_installation(json{{"kind", "ClickHouseInstallation"}, {"metadata", {{"namespace", "ns"}}}});
  ASSERT_FALSE(parsed);
  EXPECT_THAT(parsed.error().message, HasSubstr("/metadata/name is missing"));
}

TEST(KubeObjects, AListSortsItsObjectsByKindAndSaysWhatItLeftOut) {
  json bad = kPod;
  bad["metadata"]["name"] = "bad";
  bad["status"]["conditions"] = json::object();
  const json list = {{"kind", "List"},
                     {"items",
                      {kPod, bad, "not an object",
                       {{"kind", "ReplicaSet"},
                        {"metadata",
                         {{"name", "op-5d8f"},
                          {"annotations", {{"deployment.kubernetes.io/revision", "4"}}},
                          {"ownerReferences", {{{"kind", "Deployment"}, {"uid", "d-1"}, {"controller", true}}}}}}},
                       {{"kind", "Deployment"},
                        {"metadata", {{"name", "op"}}},
                        {"spec", {{"replicas", 2}}},
                        {"status", {{"readyReplicas", 1}, {"availableReplicas", 1}}}},
                       {{"kind", "Service"}, {"metadata", {{"name", "ignored"}}}}}}};
  const Workloads workloads = parse_workloads(list);
  ASSERT_EQ(workloads.pods.size(), 1u);
  ASSERT_EQ(workloads.replica_sets.size(), 1u);
  EXPECT_EQ(workloads.replica_sets[0].deployment_uid, "d-1");
  EXPECT_EQ(workloads.replica_sets[0].revision, 4);
  ASSERT_EQ(workloads.deployments.size(), 1u);
  EXPECT_EQ(workloads.deployments[0].replicas, 2);
  EXPECT_EQ(workloads.deployments[0].ready_replicas, 1);
  ASSERT_EQ(workloads.skipped.size(), 2u);
  // The List's own problems first, then each object's.
  EXPECT_THAT(workloads.skipped[0], HasSubstr("item 2 is a string, not an object"));
  EXPECT_THAT(workloads.skipped[1], HasSubstr("Pod bad: /status/conditions is an object, not an array"));
}

TEST(KubeObjects, HostileListsNeverThrow) {
  for (const json& hostile : {json(nullptr), json(1), json("x"), json::array({1, nullptr}), json{{"items", 3}},
                              json{{"items", {{{"kind", "Pod"}, {"metadata", 7}}}}},
                              json{{"kind", "List"}, {"metadata", json::object()}}}) {
    const Workloads workloads = parse_workloads(hostile);
    EXPECT_TRUE(workloads.pods.empty()) << hostile.dump();
    const ClickHouseInstallations installations = parse_installations(hostile);
    EXPECT_TRUE(installations.items.empty()) << hostile.dump();
  }
  EXPECT_FALSE(parse_workloads(json{{"items", 3}}).skipped.empty());
}

TEST(KubeObjects, AnUnparsableRevisionIsNoRevision) {
  auto set = parse_replica_set(
      json{{"metadata", {{"name", "rs"}, {"annotations", {{"deployment.kubernetes.io/revision", "four"}}}}}});
  ASSERT_TRUE(set);
  EXPECT_FALSE(set->revision);
}

TEST(KubeObjects, InstallationsDefaultToClickHouseInstallation) {
  const auto found = parse_installations(json{
      {"items",
       {{{"metadata", {{"name", "events"}, {"namespace", "prod"}}}},
        {{"kind", "ClickHouseKeeperInstallation"}, {"metadata", {{"name", "keeper"}, {"namespace", "prod"}}}},
        {{"kind", "ClickHouseInstallation"}, {"metadata", {{"name", 5}}}}}}});
  ASSERT_EQ(found.items.size(), 2u);
  EXPECT_EQ(found.items[0].describe(), "prod/events (ClickHouseInstallation)");
  EXPECT_EQ(found.items[1].kind, "ClickHouseKeeperInstallation");
  ASSERT_EQ(found.skipped.size(), 1u);
  EXPECT_THAT(found.skipped[0], HasSubstr("/metadata/name is a number, not a string"));
}

TEST(ToolErrorKind, DecidedOnceFromKubectlsStderr) {
  EXPECT_EQ(error_kind("Error from server (Forbidden): pods is forbidden: User \"ro\" cannot list resource"),
            ToolErrorKind::forbidden);
  EXPECT_EQ(error_kind("error: deployments.apps is forbidden: User cannot patch"), ToolErrorKind::forbidden);
  EXPECT_EQ(error_kind("Error from server (NotFound): leases.coordination.k8s.io \"x\" not found"),
            ToolErrorKind::not_found);
  EXPECT_EQ(error_kind("The connection to the server 127.0.0.1:6443 was refused - did you specify the right host "
                       "or port?\ndial tcp: connection refused"),
            ToolErrorKind::unavailable);
  EXPECT_EQ(error_kind("Unable to connect to the server: dial tcp: lookup nowhere: no such host"),
            ToolErrorKind::unavailable);
  // A stored ServiceMonitor whose CRD was removed: none of its objects exists.
  EXPECT_EQ(error_kind("error: the server doesn't have a resource type \"servicemonitors\""),
            ToolErrorKind::kind_not_served);
  EXPECT_EQ(error_kind("error: resource mapping not found for name: \"x\": no matches for kind \"ServiceMonitor\""),
            ToolErrorKind::kind_not_served);
  // A 404 of a whole API group (a broken aggregated API): not a kind gone.
  EXPECT_EQ(error_kind("Error from server (NotFound): the server could not find the requested resource"),
            ToolErrorKind::not_found);
  EXPECT_EQ(error_kind("error: unknown flag --bogus"), ToolErrorKind::other);
  EXPECT_EQ(error_kind(""), ToolErrorKind::other);

  exec::CommandResult refused;
  refused.exit_code = 1;
  refused.err = "Error from server (Forbidden): pods is forbidden";
  EXPECT_EQ(tool_failure("kubectl get pods", refused).value().kind, ToolErrorKind::forbidden);
  exec::CommandResult interrupted;
  interrupted.interrupted = true;
  interrupted.err = "Error from server (Forbidden)";
  EXPECT_EQ(tool_failure("kubectl get pods", interrupted).value().kind, ToolErrorKind::other);
}

}  // namespace
}  // namespace altinity_deploy::tools
