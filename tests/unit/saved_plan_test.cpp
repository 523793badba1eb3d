// The saved plan's document: what moves is found, the file is sealed, and no
// secret is in it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "altinity_deploy/plan/release_plan.hpp"
#include "altinity_deploy/plan/values_builder.hpp"
#include "altinity_deploy/plan/values_diff.hpp"
#include "altinity_deploy/plan_json/saved_plan.hpp"
#include "altinity_deploy/yaml/yaml_loader.hpp"
#include "altinity_deploy/yaml/yaml_to_json.hpp"

namespace altinity_deploy::plan {
namespace {

using nlohmann::json;
using plan_json::SavedPlanContext;
using plan_json::compare_saved_plans;
using plan_json::digest_of;
using plan_json::document_digest;
using plan_json::kSavedPlanKind;
using plan_json::kSavedPlanVersion;
using plan_json::open_saved_plan;
using plan_json::saved_plan_document;
using plan_json::stale_plan_error;
using plan_json::values_digest;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr const char* kRecordedPassword = "Kept0Generated1Password2For3Test";

spec::OperatorSpec basic_spec() {
  spec::OperatorSpec spec;
  spec.metadata.name = "ops";
  spec.namespace_name = "ops-ns";
  return spec;
}

json recorded_values(const spec::OperatorSpec& spec) {
  yaml::Node values = build_values(spec);
  apply_operator_password(values, {OperatorPassword::Origin::generated, kRecordedPassword, ""});
  return yaml::to_json(values);
}

ClusterState deployed(const spec::OperatorSpec& spec) {
  ClusterState cluster;
  cluster.namespace_info = tools::NamespaceInfo{"Active", {}, {}};
  tools::ReleaseInfo release;
  release.name = spec.release_name();
  release.status = "deployed";
  release.revision = 3;
  release.chart_name = "altinity-clickhouse-operator";
  release.chart_version = "0.23.6";
  cluster.release = release;
  cluster.values = recorded_values(spec);
  cluster.crds["clickhouseinstallations.clickhouse.altinity.com"] = {"aaaa", "0.23.6"};
  return cluster;
}

// A state and the plan diff() makes of it, as plan and up make it.
struct World {
  spec::OperatorSpec spec = basic_spec();
  ClusterState cluster = deployed(basic_spec());
  SavedPlanContext context{"op.yaml", "kind-test", "https://127.0.0.1:6443", "sha256:chart", "1.0.0"};

  json document() const {
    auto desired = desired_values(spec, cluster.values, {});
    EXPECT_TRUE(desired) << desired.error().message;
    desired->chart = {"altinity-clickhouse-operator", spec.chart.version, {}};
    const ReleasePlan plan = diff(spec, std::move(*desired), cluster);
    return saved_plan_document(plan, spec, context);
  }
};

std::vector<std::string> moved(const json& saved, const json& now) {
  std::vector<std::string> what;
  for (const auto& move : compare_saved_plans(saved, now)) what.push_back(move.what);
  return what;
}

TEST(SavedPlan, TheSameWorldGivesTheSamePlan) {
  const World world;
  const json saved = world.document();
  EXPECT_EQ(saved["kind"], kSavedPlanKind);
  EXPECT_EQ(saved["version"], kSavedPlanVersion);
  EXPECT_THAT(moved(saved, world.document()), IsEmpty());
  // The path, the tool's version: recorded, not compared.
  World elsewhere = world;
  elsewhere.context.manifest_path = "/ci/checkout/op.yaml";
  elsewhere.context.tool_version = "2.0.0";
  elsewhere.context.kube_context = "deployer@prod";  // another kubeconfig's name for the same server
  EXPECT_THAT(moved(saved, elsewhere.document()), IsEmpty());
}

TEST(SavedPlan, AFirstInstallStaysValidThoughEachPlanGeneratesAPassword) {
  World world;
  world.cluster = ClusterState{};
  const json saved = world.document();
  EXPECT_EQ(saved["desired"]["operatorPassword"], "generated");
  EXPECT_TRUE(saved["changesPending"].get<bool>());
  EXPECT_THAT(moved(saved, world.document()), IsEmpty());
}

// Each change to the world, and what the comparison must call it.
struct Move {
  const char* name;
  std::function<void(World&)> change;
  std::vector<std::string> expected;
};

TEST(SavedPlan, EveryMoveIsFound) {
  const std::vector<Move> moves = {
      {"release revision", [](World& w) { w.cluster.release->revision = 4; }, {"the release in the cluster"}},
      {"release status",
       [](World& w) { w.cluster.release->status = "failed"; },
       {"the release in the cluster", "the planned changes"}},
      {"release chart by hand",
       [](World& w) { w.cluster.release->chart_version = "0.25.6"; },
       {"the release in the cluster", "the planned changes"}},
      {"release gone",
       [](World& w) {
         w.cluster.release.reset();
         w.cluster.values = nullptr;
       },
       {"where the operator's password comes from", "the release in the cluster", "the planned changes"}},
      {"namespace gone", [](World& w) { w.cluster.namespace_info.reset(); },
       {"the namespace in the cluster", "the planned changes"}},
      {"namespace terminating", [](World& w) { w.cluster.namespace_info->phase = "Terminating"; },
       {"the namespace in the cluster", "the planned changes"}},
      {"crd edited by hand", [](World& w) { w.cluster.crds.begin()->second.sha256 = "bbbb"; },
       {"the CRDs in the cluster"}},
      {"crd version label", [](World& w) { w.cluster.crds.begin()->second.version = "0.25.6"; },
       {"the CRDs in the cluster"}},
      {"a value in the manifest",
       [](World& w) { w.spec.resources.limits.cpu = "2"; },
       {"the manifest's spec", "the values helm would get", "the planned changes"}},
      {"only a label in the manifest", [](World& w) { w.spec.metadata.labels["team"] = "x"; },
       {"the manifest's spec"}},
      {"chart version",
       [](World& w) { w.spec.chart.version = "0.25.6"; },
       {"the manifest's spec", "the chart", "the planned changes"}},
      {"chart content", [](World& w) { w.context.chart_digest = "sha256:other"; }, {"the chart"}},
      {"API server", [](World& w) { w.context.server = "https://10.0.0.1"; }, {"the API server"}},
      {"release name",
       [](World& w) { w.spec.helm.release_name = "other"; },
       {"the release name", "the manifest's spec"}},
      {"namespace name",
       [](World& w) { w.spec.namespace_name = "elsewhere"; },
       {"the namespace name", "the manifest's spec"}},
      {"drift checked", [](World& w) { w.spec.drift_detection.mode = spec::DriftDetection::Mode::warn; },
       {"the manifest's spec"}},
  };
  const json saved = World{}.document();
  for (const Move& move : moves) {
    World world;
    move.change(world);
    EXPECT_EQ(moved(saved, world.document()), move.expected) << move.name;
  }
}

TEST(SavedPlan, DriftAndTheChartsCrdsAreCompared) {
  World world;
  const json saved = world.document();
  json now = saved;
  now["read"]["drift"]["digest"] = digest_of("other drift");
  now["desired"]["crdsDigest"] = digest_of("other crds");
  EXPECT_THAT(moved(saved, now), ElementsAre("the chart's CRDs", "the drift of the release's objects"));
}

TEST(SavedPlan, AMissingMemberCountsAsMoved) {
  const json saved = World{}.document();
  json now = saved;
  now.erase("read");
  EXPECT_THAT(moved(saved, now), ElementsAre("the release in the cluster", "the namespace in the cluster",
                                             "the CRDs in the cluster", "the drift of the release's objects"));
}

TEST(SavedPlan, TheStaleErrorNamesWhatMovedAndExitsSix) {
  World world;
  const json saved = world.document();
  world.cluster.release->revision = 4;
  const Error error = stale_plan_error(compare_saved_plans(saved, world.document()), "plan.json");
  EXPECT_EQ(error.code, ExitCode::stale_plan);
  EXPECT_EQ(static_cast<int>(error.code), 6);
  EXPECT_THAT(error.message, HasSubstr("'plan.json' is stale"));
  EXPECT_THAT(error.message, HasSubstr("the release in the cluster: {\"chart\""));
  EXPECT_THAT(error.message, HasSubstr("\"revision\":3"));
  EXPECT_THAT(error.message, HasSubstr("\"revision\":4"));
  EXPECT_THAT(error.hint, HasSubstr("nothing was changed"));
}

TEST(SavedPlan, AnIntactFileOpens) {
  const json saved = World{}.document();
  auto opened = open_saved_plan(saved.dump(2), "plan.json");
  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_EQ(*opened, saved);
}

TEST(SavedPlan, ATamperedOrForeignFileIsRefused) {
  const json saved = World{}.document();
  auto refused = [](const std::string& text) {
    auto opened = open_saved_plan(text, "plan.json");
    EXPECT_FALSE(opened);
    if (opened) return std::string{};
    EXPECT_EQ(opened.error().code, ExitCode::invalid_input);
    return opened.error().message;
  };
  json edited = saved;
  edited["read"]["release"]["revision"] = 4;
  EXPECT_THAT(refused(edited.dump()), HasSubstr("digest does not match"));
  json changes_edited = saved;
  changes_edited["changes"].push_back({{"kind", "chart"}, {"action", "update"}, {"subject", "ops"}});
  EXPECT_THAT(refused(changes_edited.dump()), HasSubstr("digest does not match"));
  json unsealed = saved;
  unsealed.erase("digest");
  EXPECT_THAT(refused(unsealed.dump()), HasSubstr("digest does not match"));
  json other_kind = saved;
  other_kind["kind"] = "AltinityOperator";
  EXPECT_THAT(refused(other_kind.dump()), HasSubstr("kind is not AltinityDeploySavedPlan"));
  json newer = saved;
  newer["version"] = 2;
  EXPECT_THAT(refused(newer.dump()), HasSubstr("version is 2"));
  EXPECT_THAT(refused("{\"kind\": "), HasSubstr("not JSON"));
  EXPECT_THAT(refused("[1, 2]"), HasSubstr("not a JSON object"));
  EXPECT_THAT(refused(""), HasSubstr("not JSON"));
  // Resealed by hand: intact again (the digest detects damage and edits, it is not a signature).
  edited["digest"] = document_digest(edited);
  EXPECT_TRUE(open_saved_plan(edited.dump(), "plan.json"));
}

TEST(SavedPlan, NoSecretIsInTheFile) {
  World world;
  world.spec.values = yaml::load("secret:\n  password: ManifestSetsThisPassword9\n"
                                 "extra:\n  dbPassword: AnotherSecretValue7\n  apiToken: TokenValue5\n")
                          .root;
  const std::string with_manifest_password = world.document().dump();
  EXPECT_THAT(with_manifest_password, Not(HasSubstr("ManifestSetsThisPassword9")));
  EXPECT_THAT(with_manifest_password, Not(HasSubstr("AnotherSecretValue7")));
  EXPECT_THAT(with_manifest_password, Not(HasSubstr("TokenValue5")));

  // The recorded (generated) password, and one generated for a first install.
  const std::string recorded = World{}.document().dump();
  EXPECT_THAT(recorded, Not(HasSubstr(kRecordedPassword)));
  World fresh;
  fresh.cluster = ClusterState{};
  auto desired = desired_values(fresh.spec, nullptr, {});
  ASSERT_TRUE(desired);
  const std::string generated = desired->operator_password.value;
  ASSERT_EQ(desired->operator_password.origin, OperatorPassword::Origin::generated);
  desired->chart = {"altinity-clickhouse-operator", fresh.spec.chart.version, {}};
  const ReleasePlan plan = diff(fresh.spec, std::move(*desired), fresh.cluster);
  const std::string document = saved_plan_document(plan, fresh.spec, fresh.context).dump();
  EXPECT_THAT(document, Not(HasSubstr(generated)));
  EXPECT_THAT(document, HasSubstr("will be installed"));
}

TEST(SavedPlan, TheValuesDigestIgnoresOnlyTheDeployersOwnPassword) {
  const World world;
  auto desired = desired_values(world.spec, world.cluster.values, {});
  ASSERT_TRUE(desired);
  DesiredState other = *desired;
  other.operator_password.value = "SomethingElse";
  apply_operator_password(other.values_tree, other.operator_password);
  EXPECT_EQ(values_digest(*desired), values_digest(other));
  other.values_tree = build_values(world.spec);
  other.values_tree.set("extra", yaml::Node::quoted("x"));
  EXPECT_NE(values_digest(*desired), values_digest(other));
}

}  // namespace
}  // namespace altinity_deploy::plan
