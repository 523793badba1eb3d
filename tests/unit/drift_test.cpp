// The drift module: reading `kubectl diff` (whole-object context), the
// rules for what is not drift, ignore rules, and redaction of Secret data.
#include <gtest/gtest.h>

#include "altinity_deploy/drift/drift.hpp"

namespace altinity_deploy::drift {
namespace {

// Trimmed from what kubectl 1.31 printed against Kubernetes 1.20 after
// `kubectl set image` and `kubectl delete configmap` on the real chart.
const char* kImageAndDeleted = R"(diff -N '--unified=1000000' /tmp/LIVE-1/apps.v1.Deployment.ns1.op /tmp/MERGED-2/apps.v1.Deployment.ns1.op
--- /tmp/LIVE-1/apps.v1.Deployment.ns1.op	2026-11-27 18:39:49.493749116 +0000
+++ /tmp/MERGED-2/apps.v1.Deployment.ns1.op	2026-11-27 18:39:49.497749117 +0000
@@ -1,20 +1,20 @@
 apiVersion: apps/v1
 kind: Deployment
 metadata:
-  generation: 8
+  generation: 9
   name: op
   namespace: ns1
 spec:
   replicas: 1
   template:
     metadata:
       annotations:
         kubectl.kubernetes.io/restartedAt: "2026-11-27T18:38:27Z"
     spec:
       containers:
       - env:
         - name: OPERATOR_POD_NAME
-        image: altinity/clickhouse-operator:0.0.2
+        image: altinity/clickhouse-operator:0.23.6
         name: operator
       - image: altinity/metrics-exporter:0.23.6
         name: metrics-exporter
diff -N '--unified=1000000' /tmp/LIVE-1/v1.ConfigMap.ns1.op-files /tmp/MERGED-2/v1.ConfigMap.ns1.op-files
--- /tmp/LIVE-1/v1.ConfigMap.ns1.op-files	2026-11-27 18:39:49.445749115 +0000
+++ /tmp/MERGED-2/v1.ConfigMap.ns1.op-files	2026-11-27 18:39:49.445749115 +0000
@@ -0,0 +1,6 @@
+apiVersion: v1
+data:
+  config.yaml: |-
+    watch: {}
+kind: ConfigMap
+metadata: {name: op-files}
)";

std::vector<ObjectDiff> parsed(const std::string& text) {
  auto objects = parse_kubectl_diff(text);
  EXPECT_TRUE(objects.has_value()) << (objects ? "" : objects.error().message);
  return objects ? *objects : std::vector<ObjectDiff>{};
}

TEST(DriftParse, SplitsObjectsAndSides) {
  const auto objects = parsed(kImageAndDeleted);
  ASSERT_EQ(objects.size(), 2u);
  EXPECT_EQ(objects[0].kind, "Deployment");
  EXPECT_EQ(objects[0].namespace_name, "ns1");
  EXPECT_EQ(objects[0].name, "op");
  EXPECT_NE(objects[0].live.find("0.0.2"), std::string::npos);
  EXPECT_EQ(objects[0].live.find("0.23.6\n        name: operator"), std::string::npos);
  EXPECT_NE(objects[0].chart.find("clickhouse-operator:0.23.6"), std::string::npos);
  EXPECT_EQ(objects[1].kind, "ConfigMap");
  EXPECT_EQ(objects[1].live, "");
}

TEST(DriftParse, ClusterWideObjectsAndDottedNames) {
  const auto objects = parsed(
      "diff -N a b\n--- /t/L/apiextensions.k8s.io.v1.CustomResourceDefinition..chi.clickhouse.altinity.com\n"
      "+++ /t/M/apiextensions.k8s.io.v1.CustomResourceDefinition..chi.clickhouse.altinity.com\t2026\n@@ -1 +1 @@\n"
      " kind: CustomResourceDefinition\n");
  ASSERT_EQ(objects.size(), 1u);
  EXPECT_EQ(objects[0].kind, "CustomResourceDefinition");
  EXPECT_EQ(objects[0].namespace_name, "");
  EXPECT_EQ(objects[0].name, "chi.clickhouse.altinity.com");
}

TEST(DriftParse, EmptyOutputIsNoObjects) { EXPECT_TRUE(parsed("").empty()); }

TEST(DriftParse, GarbageIsALocatedError) {
  auto objects = parse_kubectl_diff("error: something odd\n");
  ASSERT_FALSE(objects.has_value());
  EXPECT_NE(objects.error().message.find("line 1"), std::string::npos);
  EXPECT_NE(objects.error().hint.find("driftDetection"), std::string::npos);
}

TEST(DriftCompare, NamesTheFieldWithChartAndLiveValues) {
  const auto drift = compare(parsed(kImageAndDeleted), {});
  ASSERT_EQ(drift.size(), 2u);
  ASSERT_EQ(drift[0].fields.size(), 1u) << "generation and restartedAt are not drift";
  EXPECT_EQ(drift[0].fields[0].path, "spec.template.spec.containers[operator].image");
  EXPECT_EQ(drift[0].fields[0].pointer, "/spec/template/spec/containers/0/image");
  const auto lines = format_object(drift[0]);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0],
            "~ Deployment/op: spec.template.spec.containers[operator].image: chart "
            "\"altinity/clickhouse-operator:0.23.6\" -> live \"altinity/clickhouse-operator:0.0.2\"");
  EXPECT_TRUE(drift[1].deleted);
  EXPECT_EQ(format_object(drift[1]), std::vector<std::string>{"! ConfigMap/op-files: deleted"});
}

ObjectDiff deployment(const std::string& live_replicas, const std::string& live_restart) {
  const std::string head = "kind: Deployment\nmetadata:\n  name: op\nspec:\n  replicas: ";
  const std::string tail = "\n  template:\n    metadata:\n      annotations:\n        kubectl.kubernetes.io/restartedAt: ";
  return ObjectDiff{"Deployment", "ns1", "op", head + live_replicas + tail + live_restart + "\n",
                    head + "1" + tail + "\"old\"\n"};
}

TEST(DriftCompare, RolloutRestartIsNotDrift) {
  EXPECT_TRUE(compare({deployment("1", "\"new\"")}, {}).empty());
}

TEST(DriftCompare, ReplicasAreDriftUnlessAnHpaScalesTheObject) {
  const auto drift = compare({deployment("5", "\"old\"")}, {});
  ASSERT_EQ(drift.size(), 1u);
  EXPECT_EQ(replica_drift_refs(drift), std::vector<std::string>{"Deployment/op"});
  const nlohmann::json hpa = {{"spec", {{"scaleTargetRef", {{"kind", "Deployment"}, {"name", "op"}}}}}};
  CompareContext context;
  context.autoscaled = hpa_targets({hpa});
  EXPECT_TRUE(compare({deployment("5", "\"old\"")}, context).empty());
}

TEST(DriftCompare, IgnoreRulesHideExactlyTheirField) {
  ObjectDiff object{"Deployment", "ns1", "op", "kind: Deployment\nspec:\n  replicas: 3\n  paused: true\n",
                    "kind: Deployment\nspec:\n  replicas: 1\n  paused: false\n"};
  CompareContext context;
  context.ignore.push_back(IgnoreRule{{"/spec/replicas"}, "", ""});
  auto drift = compare({object}, context);
  ASSERT_EQ(drift.size(), 1u);
  ASSERT_EQ(drift[0].fields.size(), 1u);
  EXPECT_EQ(drift[0].fields[0].path, "spec.paused");

  context.ignore[0].kind = "StatefulSet";  // another kind: the rule does not apply
  EXPECT_EQ(compare({object}, context)[0].fields.size(), 2u);
  context.ignore[0] = IgnoreRule{{"/spec"}, "Deployment", "op"};
  EXPECT_TRUE(compare({object}, context).empty());
  context.ignore[0] = IgnoreRule{{"/spec"}, "Deployment", "other"};
  EXPECT_EQ(compare({object}, context).size(), 1u);
}

TEST(DriftCompare, PointerCoversOnlyWholeSegments) {
  EXPECT_TRUE(pointer_covers("/spec/replicas", "/spec/replicas"));
  EXPECT_TRUE(pointer_covers("/spec", "/spec/replicas"));
  EXPECT_FALSE(pointer_covers("/spec/replica", "/spec/replicas"));
  EXPECT_FALSE(pointer_covers("", "/spec"));
}

TEST(DriftCompare, SecretDataIsComparedButNeverShown) {
  ObjectDiff secret{"Secret", "ns1", "op", "kind: Secret\ndata:\n  password: c2VjcmV0LWxpdmU=\n",
                    "kind: Secret\ndata:\n  password: c2VjcmV0LWNoYXJ0\n"};
  const auto drift = compare({secret}, {});
  ASSERT_EQ(drift.size(), 1u);
  const auto lines = format_object(drift[0]);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0], "~ Secret/op: data.password: chart \"<redacted>\" -> live \"<redacted>\"");
}

TEST(DriftCompare, SecretLookingKeysElsewhereAreHidden) {
  ObjectDiff config{"ConfigMap", "ns1", "op", "kind: ConfigMap\ndata:\n  token: live-token\n",
                    "kind: ConfigMap\ndata:\n  token: chart-token\n"};
  const auto lines = format_object(compare({config}, {})[0]);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].find("live-token"), std::string::npos);
  EXPECT_EQ(lines[0].find("chart-token"), std::string::npos);
}

TEST(DriftCompare, ServerMetadataAndStatusAreNotDrift) {
  ObjectDiff object{"Service", "ns1", "m",
                    "kind: Service\nmetadata:\n  resourceVersion: \"1\"\n  uid: a\nstatus:\n  x: 1\n",
                    "kind: Service\nmetadata:\n  resourceVersion: \"2\"\n  uid: b\nstatus:\n  x: 2\n"};
  EXPECT_TRUE(compare({object}, {}).empty());
}

}  // namespace
}  // namespace altinity_deploy::drift
