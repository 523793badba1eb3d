// The drift module's comparison on small objects: what is not drift (server
// fields, rollout restart, normalisation of quantities, int-or-string and
// empty values), lists by name and whole, ignore rules, and redaction of
// Secret data. The real chart's objects are in drift_real_chart_test.cpp.
#include <gtest/gtest.h>

#include "altinity_deploy/drift/drift.hpp"
#include "../../src/cli/drift_text.hpp"

namespace altinity_deploy::drift {
namespace {

using nlohmann::json;

std::vector<ObjectDrift> compared(const json& stored, const std::optional<json>& live,
                                  const CompareContext& context = {}) {
  return compare_objects({ReleaseObject{stored, live}}, context);
}

std::vector<std::string> paths(const std::vector<ObjectDrift>& drift) {
  std::vector<std::string> out;
  for (const auto& object : drift) {
    for (const auto& field : object.fields) out.push_back(field.path);
  }
  return out;
}

// A vector, not a json: `{container(...)}` as a json would be the container
// itself with some compilers (clang) and an array of it with others.
json deployment(const std::vector<json>& containers, int replicas = 1) {
  return {{"apiVersion", "apps/v1"},
          {"kind", "Deployment"},
          {"metadata", {{"name", "op"}, {"namespace", "ns1"}}},
          {"spec",
           {{"replicas", replicas}, {"template", {{"spec", {{"containers", json(containers)}}}}}}}};
}

json container(const std::string& name, const std::string& image) { return {{"name", name}, {"image", image}}; }

TEST(DriftCompare, NamesTheFieldWithChartAndLiveValues) {
  const auto drift = compared(deployment({container("operator", "op:0.23.6"), container("metrics", "m:1")}),
                              deployment({container("operator", "op:0.0.2"), container("metrics", "m:1")}));
  ASSERT_EQ(drift.size(), 1u);
  ASSERT_EQ(drift[0].fields.size(), 1u);
  EXPECT_EQ(drift[0].fields[0].path, "spec.template.spec.containers[operator].image");
  EXPECT_EQ(drift[0].fields[0].pointer, "/spec/template/spec/containers/0/image");
  EXPECT_EQ(drift[0].namespace_name, "ns1");
  EXPECT_EQ(cli::drift_lines(drift[0]),
            std::vector<std::string>{"~ Deployment/op: spec.template.spec.containers[operator].image: chart "
                                     "\"op:0.23.6\" -> live \"op:0.0.2\""});
}

TEST(DriftCompare, AMissingLiveObjectIsDeleted) {
  const json config = {{"kind", "ConfigMap"}, {"metadata", {{"name", "op-files"}}}, {"data", {{"a", "b"}}}};
  const auto drift = compared(config, std::nullopt);
  ASSERT_EQ(drift.size(), 1u);
  EXPECT_TRUE(drift[0].deleted);
  EXPECT_EQ(cli::drift_lines(drift[0]), std::vector<std::string>{"! ConfigMap/op-files: deleted"});
}

TEST(DriftCompare, FieldsTheChartNeverSetsAreNotCompared) {
  json live = deployment({container("operator", "op:1")});
  live["metadata"]["uid"] = "u";
  live["metadata"]["annotations"] = {{"deployment.kubernetes.io/revision", "3"}, {"someone/else", "x"}};
  live["metadata"]["labels"] = {{"added", "by-hand"}};
  live["spec"]["strategy"] = {{"type", "RollingUpdate"}};
  live["spec"]["template"]["spec"]["containers"][0]["imagePullPolicy"] = "IfNotPresent";
  live["spec"]["template"]["spec"]["dnsPolicy"] = "ClusterFirst";
  live["status"] = {{"replicas", 1}};
  EXPECT_TRUE(compared(deployment({container("operator", "op:1")}), live).empty());
}

TEST(DriftCompare, RolloutRestartAndServerMetadataAreNotDrift) {
  json stored = deployment({container("operator", "op:1")});
  stored["spec"]["template"]["metadata"]["annotations"] = {{"kubectl.kubernetes.io/restartedAt", "old"}};
  stored["metadata"]["resourceVersion"] = "1";
  stored["status"] = {{"x", 1}};
  json live = stored;
  live["spec"]["template"]["metadata"]["annotations"]["kubectl.kubernetes.io/restartedAt"] = "new";
  live["metadata"]["resourceVersion"] = "2";
  live["status"] = {{"x", 2}};
  live["apiVersion"] = "apps/v1beta2";
  EXPECT_TRUE(compared(stored, live).empty());
}

TEST(DriftCompare, ReplicasAreDriftUnlessAnHpaScalesTheObject) {
  const auto drift = compared(deployment({container("operator", "op:1")}), deployment({container("operator", "op:1")}, 5));
  ASSERT_EQ(drift.size(), 1u);
  EXPECT_EQ(replica_drift_refs(drift), std::vector<std::string>{"Deployment/op"});
  const json hpa = {{"spec", {{"scaleTargetRef", {{"kind", "Deployment"}, {"name", "op"}}}}}};
  CompareContext context;
  context.autoscaled = hpa_targets({hpa, json::object()});
  EXPECT_TRUE(compared(deployment({container("operator", "op:1")}), deployment({container("operator", "op:1")}, 5), context)
                  .empty());
}

TEST(DriftCompare, NamedListsMatchByNameAndAnAddedElementIsDrift) {
  json stored = deployment({container("a", "a:1"), container("b", "b:1")});
  stored["spec"]["template"]["spec"]["containers"][0]["env"] = {{{"name", "X"}, {"value", "1"}}};
  json live = deployment({container("b", "b:1"), container("a", "a:1")});  // another order: same
  live["spec"]["template"]["spec"]["containers"][1]["env"] = {{{"name", "X"}, {"value", "1"}}};
  EXPECT_TRUE(compared(stored, live).empty());
  live["spec"]["template"]["spec"]["containers"][1]["env"].push_back({{"name", "EXTRA"}, {"value", "2"}});
  const auto drift = compared(stored, live);
  EXPECT_EQ(paths(drift), std::vector<std::string>{"spec.template.spec.containers[a].env[EXTRA]"});
  ASSERT_EQ(drift.size(), 1u);
  EXPECT_FALSE(drift[0].fields[0].chart.has_value());
  EXPECT_EQ(cli::drift_lines(drift[0])[0],
            "~ Deployment/op: spec.template.spec.containers[a].env[EXTRA]: chart (absent) -> live "
            "{\"name\":\"EXTRA\",\"value\":\"2\"}");
}

TEST(DriftCompare, ARepeatedNameGoesByPosition) {
  const json mounts = json::array({{{"name", "v"}, {"mountPath", "/a"}}, {{"name", "v"}, {"mountPath", "/b"}}});
  json stored = {{"kind", "Pod"}, {"metadata", {{"name", "p"}}}, {"spec", {{"volumeMounts", mounts}}}};
  json live = stored;
  EXPECT_TRUE(compared(stored, live).empty());
  live["spec"]["volumeMounts"][1]["mountPath"] = "/c";
  EXPECT_EQ(paths(compared(stored, live)), std::vector<std::string>{"spec.volumeMounts[1].mountPath"});
}

TEST(DriftCompare, ListsOfScalarsAreComparedWhole) {
  const json stored = {{"kind", "CustomResourceDefinition"},
                       {"metadata", {{"name", "chi.example.com"}}},
                       {"spec", {{"names", {{"shortNames", {"chi"}}}}}}};
  json live = stored;
  EXPECT_TRUE(compared(stored, live).empty());
  live["spec"]["names"]["shortNames"].push_back("handmade");
  const auto drift = compared(stored, live);
  EXPECT_EQ(paths(drift), std::vector<std::string>{"spec.names.shortNames"});
  live["spec"]["names"]["shortNames"] = {"handmade"};
  EXPECT_EQ(paths(compared(stored, live)), std::vector<std::string>{"spec.names.shortNames"});
}

TEST(DriftCompare, QuantitiesAreComparedByValueWhereTheyAreQuantities) {
  auto with_resources = [](json limits, json requests) {
    json object = deployment({container("operator", "op:1")});
    object["spec"]["template"]["spec"]["containers"][0]["resources"] = {{"limits", limits}, {"requests", requests}};
    return object;
  };
  const json stored = with_resources({{"cpu", "0.5"}, {"memory", "1024Mi"}}, {{"cpu", 1}, {"memory", "1G"}});
  EXPECT_TRUE(compared(stored, with_resources({{"cpu", "500m"}, {"memory", "1Gi"}}, {{"cpu", "1"}, {"memory", "1G"}}))
                  .empty());
  EXPECT_EQ(paths(compared(stored, with_resources({{"cpu", "500m"}, {"memory", "1G"}}, {{"cpu", "1"}, {"memory", "1G"}}))),
            std::vector<std::string>{"spec.template.spec.containers[operator].resources.limits.memory"});
  // Elsewhere a string is a string: "0.5" is not "500m" in a ConfigMap.
  const json config = {{"kind", "ConfigMap"}, {"metadata", {{"name", "c"}}}, {"data", {{"cpu", "0.5"}}}};
  json live_config = config;
  live_config["data"]["cpu"] = "500m";
  EXPECT_EQ(paths(compared(config, live_config)), std::vector<std::string>{"data.cpu"});
}

TEST(DriftCompare, AnIntegerAndItsDecimalStringAreOne) {
  auto service = [](json target_port) {
    return json{{"kind", "Service"},
                {"metadata", {{"name", "s"}}},
                {"spec", {{"ports", {{{"name", "http"}, {"port", 8080}, {"targetPort", std::move(target_port)}}}}}}};
  };
  EXPECT_TRUE(compared(service("8080"), service(8080)).empty());
  EXPECT_TRUE(compared(service(8080), service("8080")).empty());
  EXPECT_EQ(paths(compared(service("http"), service(8080))), std::vector<std::string>{"spec.ports[http].targetPort"});
  EXPECT_EQ(paths(compared(service(8080), service(8081))), std::vector<std::string>{"spec.ports[http].targetPort"});
  EXPECT_FALSE(same_scalar(json(1), json("1.0"), false));
  EXPECT_FALSE(same_scalar(json(true), json("true"), false));
}

TEST(DriftCompare, EmptyValuesTheServerDropsEqualAbsent) {
  json stored = {{"kind", "ConfigMap"},
                 {"metadata", {{"name", "c"}, {"annotations", json::object()}, {"labels", nullptr}}},
                 {"spec", {{"a", ""}, {"b", json::array()}, {"c", json::object()}}}};
  json live = {{"kind", "ConfigMap"}, {"metadata", {{"name", "c"}}}, {"spec", {{"c", {{"defaulted", 1}}}}}};
  EXPECT_TRUE(compared(stored, live).empty());
  live["spec"]["b"] = {"added"};
  EXPECT_EQ(paths(compared(stored, live)), std::vector<std::string>{"spec.b"});
}

TEST(DriftCompare, IgnoreRulesHideExactlyTheirField) {
  json stored = deployment({container("operator", "op:1")});
  stored["spec"]["paused"] = false;
  json live = deployment({container("operator", "op:1")}, 3);
  live["spec"]["paused"] = true;
  CompareContext context;
  context.ignore.push_back(IgnoreRule{{"/spec/replicas"}, "", ""});
  EXPECT_EQ(paths(compared(stored, live, context)), std::vector<std::string>{"spec.paused"});
  context.ignore[0].kind = "StatefulSet";  // another kind: the rule does not apply
  EXPECT_EQ(paths(compared(stored, live, context)).size(), 2u);
  context.ignore[0] = IgnoreRule{{"/spec"}, "Deployment", "op"};
  EXPECT_TRUE(compared(stored, live, context).empty());
  context.ignore[0] = IgnoreRule{{"/spec"}, "Deployment", "other"};
  EXPECT_EQ(compared(stored, live, context).size(), 1u);
}

TEST(DriftCompare, PointerCoversOnlyWholeSegments) {
  EXPECT_TRUE(pointer_covers("/spec/replicas", "/spec/replicas"));
  EXPECT_TRUE(pointer_covers("/spec", "/spec/replicas"));
  EXPECT_FALSE(pointer_covers("/spec/replica", "/spec/replicas"));
  EXPECT_FALSE(pointer_covers("", "/spec"));
}

json secret(json members) {
  json object = {{"kind", "Secret"}, {"metadata", {{"name", "op"}}}, {"type", "Opaque"}};
  object.update(members);
  return object;
}

TEST(DriftCompare, SecretDataIsComparedButNeverShown) {
  const auto drift = compared(secret({{"data", {{"password", "c2VjcmV0LWNoYXJ0"}}}}),
                              secret({{"data", {{"password", "c2VjcmV0LWxpdmU="}}}}));
  ASSERT_EQ(drift.size(), 1u);
  EXPECT_TRUE(drift[0].fields[0].secret);
  EXPECT_EQ(cli::drift_lines(drift[0]),
            std::vector<std::string>{"~ Secret/op: data.password: chart \"<redacted>\" -> live \"<redacted>\""});
}

TEST(DriftCompare, ASecretsStringDataIsComparedWithTheLiveData) {
  // base64("s3cret") = czNjcmV0; stringData wins over data's entry of the same key.
  const json stored = secret({{"stringData", {{"password", "s3cret"}}}, {"data", {{"password", "b2xk"}}}});
  EXPECT_TRUE(compared(stored, secret({{"data", {{"password", "czNjcmV0"}}}})).empty());
  const auto drift = compared(stored, secret({{"data", {{"password", "b3RoZXI="}}}}));
  ASSERT_EQ(drift.size(), 1u);
  ASSERT_EQ(drift[0].fields.size(), 1u);
  EXPECT_EQ(drift[0].fields[0].path, "data.password");
  const std::string line = cli::drift_lines(drift[0])[0];
  EXPECT_EQ(line.find("s3cret"), std::string::npos);
  EXPECT_EQ(line.find("b3RoZXI"), std::string::npos);
  EXPECT_EQ(paths(compared(stored, secret({{"data", json::object()}}))), std::vector<std::string>{"data.password"});
}

// A data value the chart wraps (base64 with line breaks, as `b64enc | wrap`
// or an additionalResources Secret may write it) is stored unwrapped by the
// server: the same bytes are no drift; other bytes are, and stay hidden.
TEST(DriftCompare, ASecretsDataIsComparedByItsDecodedBytes) {
  // base64("a password that is long enough") wrapped after 20 characters.
  const json stored = secret({{"data", {{"password", "YSBwYXNzd29yZCB0aGF0\nIGlzIGxvbmcgZW5vdWdo"}}}});
  EXPECT_TRUE(compared(stored, secret({{"data", {{"password", "YSBwYXNzd29yZCB0aGF0IGlzIGxvbmcgZW5vdWdo"}}}})).empty());
  const auto drift = compared(stored, secret({{"data", {{"password", "b3RoZXI="}}}}));
  ASSERT_EQ(drift.size(), 1u);
  EXPECT_EQ(paths(drift), std::vector<std::string>{"data.password"});
  EXPECT_EQ(cli::drift_lines(drift[0])[0].find("b3RoZXI"), std::string::npos);
  // Not base64 on either side: compared as text, still drift.
  EXPECT_EQ(paths(compared(secret({{"data", {{"k", "not base64!"}}}}), secret({{"data", {{"k", "bm90"}}}}))),
            std::vector<std::string>{"data.k"});
}

TEST(DriftCompare, SecretLookingKeysElsewhereAreHidden) {
  const json config = {{"kind", "ConfigMap"}, {"metadata", {{"name", "op"}}}, {"data", {{"token", "chart-token"}}}};
  json live = config;
  live["data"]["token"] = "live-token";
  const auto lines = cli::drift_lines(compared(config, live)[0]);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].find("live-token"), std::string::npos);
  EXPECT_EQ(lines[0].find("chart-token"), std::string::npos);
}

// An env variable whose name the redaction policy hides keeps its value out of
// the drift, changed by hand or not.
TEST(DriftCompare, ASecretLookingEnvValueIsComparedButNeverShown) {
  json stored = deployment({container("operator", "op:1")});
  stored["spec"]["template"]["spec"]["containers"][0]["env"] = json::array({{{"name", "CLICKHOUSE_PASSWORD"}, {"value", "chart-s3cret"}}});
  json live = stored;
  live["spec"]["template"]["spec"]["containers"][0]["env"][0]["value"] = "hand-s3cret";
  const auto drift = compared(stored, live);
  ASSERT_EQ(drift.size(), 1u);
  ASSERT_EQ(drift[0].fields.size(), 1u);
  EXPECT_TRUE(drift[0].fields[0].secret);
  for (const auto& line : cli::drift_lines(drift[0])) {
    EXPECT_EQ(line.find("s3cret"), std::string::npos) << line;
  }
}

// The chart's "" or null against a value set by hand is drift; against an
// absent or empty one it is not (the server drops empty values).
TEST(DriftCompare, AnEmptyChartValueSetByHandIsDrift) {
  json stored = deployment({container("operator", "op:1")});
  stored["spec"]["template"]["spec"]["containers"][0]["env"] = json::array({{{"name", "MODE"}, {"value", ""}}});
  json live = stored;
  live["spec"]["template"]["spec"]["containers"][0]["env"][0].erase("value");
  EXPECT_TRUE(compared(stored, live).empty());
  live["spec"]["template"]["spec"]["containers"][0]["env"][0]["value"] = "debug";
  const auto drift = compared(stored, live);
  ASSERT_EQ(drift.size(), 1u);
  EXPECT_EQ(paths(drift), std::vector<std::string>{"spec.template.spec.containers[operator].env[MODE].value"});
  // {} sets no field: whatever the live object holds there is not drift.
  json annotated = stored;
  annotated["metadata"]["annotations"] = json::object();
  json live_annotated = annotated;
  live_annotated["metadata"]["annotations"]["by-hand"] = "x";
  live_annotated["spec"]["template"]["spec"]["containers"][0]["env"][0].erase("value");
  EXPECT_TRUE(compared(annotated, live_annotated).empty());
}

}  // namespace
}  // namespace altinity_deploy::drift
