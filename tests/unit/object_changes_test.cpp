// The object-level plan: the stored manifest against the new rendering
// (created, deleted, updated fields, list paths, hooks), Secret data never
// shown, long values cut, drift findings as objects, CRD versions, and the
// unified diff of --diff full.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "altinity_deploy/plan/object_changes.hpp"
#include "altinity_deploy/plan_json/object_plan_json.hpp"
#include "../../src/cli/object_plan_text.hpp"

namespace altinity_deploy::plan {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using nlohmann::json;
using cli::format_objects;
using plan_json::objects_json;

std::string deployment(const std::string& image, const std::string& cpu = "100m") {
  return "---\n# Source: op/templates/deployment.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
         "  name: op\nspec:\n  template:\n    spec:\n      containers:\n        - name: operator\n"
         "          image: " + image + "\n          resources:\n            limits:\n              cpu: " + cpu +
         "\n        - name: metrics\n          image: altinity/metrics-exporter:0.23.6\n";
}

std::string secret(const std::string& password) {
  return "---\n# Source: op/templates/secret.yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: op-creds\n"
         "type: Opaque\ndata:\n  password: " + password + "\n  username: Y2xpY2tob3VzZV9vcGVyYXRvcg==\n";
}

std::string config_map(const std::string& name, const std::string& value) {
  return "---\n# Source: op/templates/" + name + ".yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " +
         name + "\ndata:\n  config.yaml: \"" + value + "\"\n";
}

ObjectPlan compare(const std::string& stored, const std::string& rendered) {
  ObjectPlan plan;
  auto compared = compare_release_objects(stored, rendered, plan);
  EXPECT_TRUE(compared.has_value()) << (compared ? "" : compared.error().message);
  return plan;
}

std::vector<std::string> refs(const ObjectPlan& plan) {
  std::vector<std::string> out;
  for (const auto& change : plan.objects) {
    const char sign = change.action == ObjectChange::Action::create   ? '+'
                      : change.action == ObjectChange::Action::remove ? '-'
                                                                      : '~';
    out.push_back(std::string(1, sign) + change.ref());
  }
  return out;
}

TEST(ObjectChanges, CreatedDeletedAndUpdatedObjects) {
  const ObjectPlan plan = compare(config_map("kept", "a") + config_map("gone", "b") + deployment("op:0.23.6"),
                                  config_map("kept", "a") + deployment("op:0.25.6") + config_map("new", "c"));
  EXPECT_THAT(refs(plan), ElementsAre("~Deployment/op", "+ConfigMap/new", "-ConfigMap/gone"));
  for (const auto& change : plan.objects) EXPECT_EQ(change.source, ObjectChange::Source::chart);
}

TEST(ObjectChanges, ImageChangeNamesTheContainerByItsIndex) {
  const ObjectPlan plan = compare(deployment("altinity/clickhouse-operator:0.23.6"),
                                  deployment("altinity/clickhouse-operator:0.25.6"));
  ASSERT_EQ(plan.objects.size(), 1U);
  ASSERT_EQ(plan.objects[0].changes.size(), 1U);
  const FieldChange& field = plan.objects[0].changes[0];
  EXPECT_EQ(field.path, "spec.template.spec.containers[0].image");
  EXPECT_EQ(field.before, json("altinity/clickhouse-operator:0.23.6"));
  EXPECT_EQ(field.after, json("altinity/clickhouse-operator:0.25.6"));
  EXPECT_THAT(format_objects(plan, false).str(),
              HasSubstr("~ Deployment/op (chart)\n      spec.template.spec.containers[0].image: "
                        "\"altinity/clickhouse-operator:0.23.6\" -> \"altinity/clickhouse-operator:0.25.6\"\n"));
}

TEST(ObjectChanges, ResourcesChangeIsTheOnlyField) {
  const ObjectPlan plan = compare(deployment("op:1", "100m"), deployment("op:1", "2"));
  ASSERT_EQ(plan.objects.size(), 1U);
  ASSERT_EQ(plan.objects[0].changes.size(), 1U);
  EXPECT_EQ(plan.objects[0].changes[0].path, "spec.template.spec.containers[0].resources.limits.cpu");
  EXPECT_EQ(plan.objects[0].changes[0].after, json(2));
}

TEST(ObjectChanges, ListItemsAddedOrRemovedAreWholeItems) {
  const std::string one = "kind: ConfigMap\nmetadata:\n  name: c\nlist:\n  - a\n";
  const std::string two = "kind: ConfigMap\nmetadata:\n  name: c\nlist:\n  - a\n  - {x: 1}\n";
  const ObjectPlan plan = compare(one, two);
  ASSERT_EQ(plan.objects.size(), 1U);
  ASSERT_EQ(plan.objects[0].changes.size(), 1U);
  EXPECT_EQ(plan.objects[0].changes[0].path, "list[1]");
  EXPECT_FALSE(plan.objects[0].changes[0].before.has_value());
  EXPECT_EQ(plan.objects[0].changes[0].after, json({{"x", 1}}));
}

TEST(ObjectChanges, KeysWithDotsAreQuotedInPaths) {
  const ObjectPlan plan = compare(config_map("c", "a: 1"), config_map("c", "a: 2"));
  ASSERT_EQ(plan.objects.size(), 1U);
  EXPECT_EQ(plan.objects[0].changes[0].path, "data.\"config.yaml\"");
}

TEST(ObjectChanges, SecretDataNeverShows) {
  const ObjectPlan plan = compare(secret("b2xkLXNlY3JldA=="), secret("bmV3LXNlY3JldA=="));
  ASSERT_EQ(plan.objects.size(), 1U);
  ASSERT_EQ(plan.objects[0].changes.size(), 1U);
  EXPECT_EQ(plan.objects[0].changes[0].path, "data.password");
  const std::string text = format_objects(plan, false).str() + format_objects(plan, true).str() +
                           objects_json(plan).dump() + plan.objects[0].before_yaml + plan.objects[0].after_yaml;
  EXPECT_THAT(text, Not(HasSubstr("b2xkLXNlY3JldA==")));
  EXPECT_THAT(text, Not(HasSubstr("bmV3LXNlY3JldA==")));
  EXPECT_THAT(text, Not(HasSubstr("Y2xpY2tob3VzZV9vcGVyYXRvcg==")));
  EXPECT_THAT(text, HasSubstr("<redacted> (changed)"));
}

TEST(ObjectChanges, SecretEnvironmentValueNeverShows) {
  auto pod = [](const std::string& value) {
    return "kind: Deployment\nmetadata:\n  name: d\nspec:\n  containers:\n    - name: c\n      env:\n"
           "        - name: CLICKHOUSE_PASSWORD\n          value: " + value + "\n";
  };
  const ObjectPlan plan = compare(pod("hunter2old"), pod("hunter2new"));
  const std::string text = format_objects(plan, false).str() + objects_json(plan).dump();
  EXPECT_THAT(text, Not(HasSubstr("hunter2")));
  EXPECT_THAT(text, HasSubstr("spec.containers[0].env[0].value"));
}

TEST(ObjectChanges, LongValuesAreCut) {
  const std::string long_value(500, 'x');
  const ObjectPlan plan = compare(config_map("c", "short"), config_map("c", long_value));
  const std::string text = format_objects(plan, false).str();
  EXPECT_THAT(text, HasSubstr("…"));
  EXPECT_THAT(text, Not(HasSubstr(std::string(kShownValueLimit + 1, 'x'))));
  EXPECT_EQ(shown_value(json("ab"), 80), "\"ab\"");
  EXPECT_EQ(shown_value(std::nullopt), "(absent)");
  // JSON keeps the whole value.
  EXPECT_THAT(objects_json(plan).dump(), HasSubstr(long_value));
}

TEST(ObjectChanges, HooksAreListedNotCompared) {
  const std::string hook =
      "---\nkind: Job\nmetadata:\n  name: crd-install\n  annotations:\n    helm.sh/hook: pre-install,pre-upgrade\n";
  const ObjectPlan plan = compare(config_map("c", "a"), config_map("c", "a") + hook);
  EXPECT_TRUE(plan.objects.empty());
  ASSERT_EQ(plan.hooks.size(), 1U);
  EXPECT_EQ(plan.hooks[0].name, "crd-install");
  EXPECT_EQ(plan.hooks[0].events, "pre-install,pre-upgrade");
}

TEST(ObjectChanges, UnchangedObjectsAreLeftOut) {
  EXPECT_TRUE(compare(deployment("a") + secret("eA=="), deployment("a") + secret("eA==")).objects.empty());
}

TEST(ObjectChanges, JsonShape) {
  ObjectPlan plan = compare(deployment("op:1") + config_map("gone", "x"), deployment("op:2"));
  const json out = objects_json(plan);
  ASSERT_EQ(out.size(), 2U);
  EXPECT_EQ(out[0]["kind"], "Deployment");
  EXPECT_EQ(out[0]["name"], "op");
  EXPECT_EQ(out[0]["action"], "update");
  EXPECT_EQ(out[0]["source"], "chart");
  EXPECT_EQ(out[0]["changes"][0]["path"], "spec.template.spec.containers[0].image");
  EXPECT_EQ(out[0]["changes"][0]["before"], "op:1");
  EXPECT_EQ(out[0]["changes"][0]["after"], "op:2");
  EXPECT_EQ(out[1]["action"], "delete");
  EXPECT_TRUE(out[1]["changes"].empty());
}

TEST(ObjectChanges, DriftFindingsBecomeDriftObjects) {
  drift::ObjectDrift drifted{"Deployment", "ns", "op", false, {}};
  drifted.fields.push_back(drift::FieldDrift{"/spec/replicas", "spec.replicas", json(1), json(3), false});
  drifted.fields.push_back(drift::FieldDrift{"/data/p", "data.p", json("c2VjcmV0"), json("b3RoZXI="), true});
  drift::ObjectDrift deleted{"ConfigMap", "ns", "files", true, {}};
  const auto changes = drift_object_changes({drifted, deleted});
  ASSERT_EQ(changes.size(), 2U);
  EXPECT_EQ(changes[0].source, ObjectChange::Source::drift);
  EXPECT_EQ(changes[0].action, ObjectChange::Action::update);
  EXPECT_EQ(changes[0].changes[0].before, json(3));  // live
  EXPECT_EQ(changes[0].changes[0].after, json(1));   // what up restores
  EXPECT_EQ(changes[0].changes[1].before, json("<redacted>"));
  EXPECT_EQ(changes[1].action, ObjectChange::Action::create);
  ObjectPlan plan;
  plan.objects = changes;
  EXPECT_THAT(format_objects(plan, false).str(), HasSubstr("~ Deployment/op (drift)\n      spec.replicas: 3 -> 1\n"));
  EXPECT_THAT(objects_json(plan).dump(), Not(HasSubstr("c2VjcmV0")));
}

CrdDocument crd(const json& versions) {
  CrdDocument document;
  document.name = "chi.clickhouse.altinity.com";
  document.object = {{"kind", "CustomResourceDefinition"}, {"spec", {{"versions", versions}}}};
  return document;
}

TEST(ObjectChanges, CrdVersionsAddedRemovedAndStoredVersions) {
  const CrdDocument chart = crd(json::array({{{"name", "v1"}}, {{"name", "v2"}}}));
  ClusterCrdVersions cluster{{"v1", "v1alpha1"}, std::vector<std::string>{"v1"}};
  ObjectChange change = crd_object_change(chart, cluster);
  EXPECT_EQ(change.action, ObjectChange::Action::update);
  EXPECT_THAT(change.note, HasSubstr("versions added: v2; removed: v1alpha1"));
  EXPECT_THAT(change.note, HasSubstr("stored versions (v1) kept"));

  cluster.stored_versions = std::vector<std::string>{"v1alpha1", "v1"};
  EXPECT_THAT(crd_object_change(chart, cluster).note, HasSubstr("STORED VERSIONS AFFECTED: v1alpha1"));
  cluster.stored_versions.reset();
  EXPECT_THAT(crd_object_change(chart, cluster).note, HasSubstr("stored versions unknown"));
  EXPECT_EQ(crd_object_change(chart, std::nullopt).action, ObjectChange::Action::create);

  const json object = {{"spec", {{"versions", json::array({{{"name", "v1"}}})}}},
                       {"status", {{"storedVersions", json::array({"v1"})}}}};
  const ClusterCrdVersions read = crd_versions(object);
  EXPECT_THAT(read.versions, ElementsAre("v1"));
  ASSERT_TRUE(read.stored_versions.has_value());
  EXPECT_THAT(*read.stored_versions, ElementsAre("v1"));
}

TEST(UnifiedDiff, HunksWithContext) {
  const std::string before = "a\nb\nc\nd\ne\nf\ng\nh\n";
  const std::string after = "a\nb\nc\nd\nE\nf\ng\nh\n";
  EXPECT_EQ(unified_diff(before, after, "ConfigMap/c", 2),
            "--- ConfigMap/c (now)\n+++ ConfigMap/c (after up)\n@@ -3,5 +3,5 @@\n c\n d\n-e\n+E\n f\n g\n");
  EXPECT_EQ(unified_diff(before, before, "x"), "");
  EXPECT_EQ(unified_diff("a\n", "a\nb\n", "x", 1), "--- x (now)\n+++ x (after up)\n@@ -1,1 +1,2 @@\n a\n+b\n");
}

TEST(ObjectChanges, FullDiffShowsTheObjectsDiff) {
  const ObjectPlan plan = compare(deployment("op:1"), deployment("op:2"));
  const std::string text = format_objects(plan, true).str();
  EXPECT_THAT(text, HasSubstr("--- Deployment/op (now)"));
  EXPECT_THAT(text, HasSubstr("-          image: op:1"));
  EXPECT_THAT(text, HasSubstr("+          image: op:2"));
}

}  // namespace
}  // namespace altinity_deploy::plan
