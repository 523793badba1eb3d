// Restarted and OOMKilled containers read from canned pod JSON, and the
// words up and status add for them.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "altinity_deploy/actions/container_restarts.hpp"
#include "altinity_deploy/yaml/yaml_loader.hpp"

namespace altinity_deploy::actions {
namespace {

using json = nlohmann::json;

json ended(const std::string& name, int restarts, const std::string& reason, int code, bool now = false) {
  json terminated = {{"reason", reason}, {"exitCode", code}};
  json status = {{"name", name}, {"ready", false}, {"restartCount", restarts}};
  if (now) {
    status["state"] = {{"terminated", terminated}};
  } else {
    status["state"] = {{"waiting", {{"reason", "CrashLoopBackOff"}}}};
    status["lastState"] = {{"terminated", terminated}};
  }
  return status;
}

json healthy(const std::string& name) {
  return {{"name", name}, {"ready", true}, {"restartCount", 0}, {"state", {{"running", json::object()}}}};
}

json limits(const std::string& name, const std::string& memory) {
  json container = {{"name", name}, {"image", "altinity/x:1"}};
  if (!memory.empty()) container["resources"] = {{"limits", {{"memory", memory}, {"cpu", "1"}}}};
  return container;
}

json pod(const std::string& name, std::vector<json> statuses, std::vector<json> containers, bool deleting = false) {
  json meta = {{"name", name}, {"namespace", "ns"}, {"uid", "uid-" + name}};
  if (deleting) meta["deletionTimestamp"] = "2026-12-06T21:00:00Z";
  return {{"kind", "Pod"},
          {"metadata", meta},
          {"spec", {{"containers", containers}}},
          {"status", {{"containerStatuses", statuses}}}};
}

json list(std::vector<json> items) { return {{"kind", "List"}, {"items", items}}; }

const spec::OperatorSpec kDefaults{};

TEST(ContainerRestarts, AnOomKilledOperatorNamesTheFieldAndTheLimitThePodHas) {
  const auto found = container_restarts(tools::parse_workloads(
      list({pod("op-1", {ended("altinity-clickhouse-operator", 3, "OOMKilled", 137), healthy("metrics-exporter")},
                {limits("altinity-clickhouse-operator", "32Mi"), limits("metrics-exporter", "")})})),
      kDefaults);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_TRUE(found[0].oom_killed());
  EXPECT_EQ(found[0].memory_limit, "32Mi");
  EXPECT_EQ(found[0].memory_field, "spec.container.resources.limits.memory");
  EXPECT_EQ(found[0].describe(),
            "container altinity-clickhouse-operator of pod op-1 was OOMKilled (exit code 137), restarted 3 times; "
            "its memory limit is 32Mi");
  EXPECT_EQ(found[0].fix(), "raise spec.container.resources.limits.memory (now 32Mi)");
  const auto diagnosis = diagnose_restarts(found);
  EXPECT_EQ(diagnosis.lines, std::vector<std::string>{found[0].describe()});
  EXPECT_EQ(diagnosis.hint, "out of memory: raise spec.container.resources.limits.memory (now 32Mi), then run up again");
}

TEST(ContainerRestarts, AKillThatIsTheCurrentStateCountsBeforeAnyRestart) {
  const auto found = container_restarts(tools::parse_workloads(
      list({pod("op-1", {ended("altinity-clickhouse-operator", 0, "OOMKilled", 137, true)},
                {limits("altinity-clickhouse-operator", "16Mi")})})),
      kDefaults);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].describe(),
            "container altinity-clickhouse-operator of pod op-1 was OOMKilled (exit code 137); its memory limit is 16Mi");
}

TEST(ContainerRestarts, OtherRestartsSayTheLastReasonAndExitCodeWithoutAFix) {
  const auto found = container_restarts(tools::parse_workloads(
      list({pod("op-1", {ended("altinity-clickhouse-operator", 1, "Error", 2)},
                {limits("altinity-clickhouse-operator", "1Gi")})})),
      kDefaults);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].describe(),
            "container altinity-clickhouse-operator of pod op-1 restarted 1 time; it last ended: Error (exit code 2)");
  EXPECT_EQ(found[0].fix(), "");
  EXPECT_EQ(diagnose_restarts(found).hint, "");
}

TEST(ContainerRestarts, HealthyDeletedAndOlderPodsSayNothing) {
  EXPECT_TRUE(container_restarts(tools::parse_workloads(list({pod("op-1", {healthy("altinity-clickhouse-operator")}, {})})), kDefaults).empty());
  EXPECT_TRUE(container_restarts(tools::parse_workloads(list({pod("op-0", {ended("altinity-clickhouse-operator", 4, "OOMKilled", 137)}, {},
                                           true)})),
                                 kDefaults)
                  .empty());
  EXPECT_TRUE(container_restarts(tools::parse_workloads(json::object()), kDefaults).empty());
  EXPECT_TRUE(container_restarts(tools::parse_workloads(list({json("not an object"), json::object()})), kDefaults).empty());
}

TEST(ContainerRestarts, TheMetricsExporterAndValuesThatSetTheLimitNameTheirOwnField) {
  spec::OperatorSpec spec;
  spec.values = yaml::load("operator:\n  resources:\n    limits:\n      memory: 48Mi\n").root;
  const auto found = container_restarts(tools::parse_workloads(
      list({pod("op-1",
                {ended("altinity-clickhouse-operator", 2, "OOMKilled", 137), ended("metrics-exporter", 1, "OOMKilled", 137),
                 ended("sidecar", 1, "OOMKilled", 137)},
                {limits("altinity-clickhouse-operator", "48Mi"), limits("metrics-exporter", "8Mi"), limits("sidecar", "")})})),
      spec);
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].fix(), "raise spec.values.operator.resources.limits.memory (now 48Mi)");
  EXPECT_EQ(found[1].fix(), "raise spec.values.metrics.resources.limits.memory (now 8Mi)");
  EXPECT_EQ(found[2].fix(), "set the container's memory limit (spec.values)");
  EXPECT_EQ(found[2].describe(),
            "container sidecar of pod op-1 was OOMKilled (exit code 137), restarted 1 time; its memory limit is not set");
}

}  // namespace
}  // namespace altinity_deploy::actions
