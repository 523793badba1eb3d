// Drift on the real chart (0.23.6 and 0.25.6): the stored manifest and the
// live objects of a release `altinity-deploy up` deployed on the local e2e
// cluster, captured by tests/unit/data/drift/capture.sh, through
// plan::add_drift. A clean release has no drift (a false positive would
// make every plan exit 2); each hand edit is found at its path.
#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "altinity_deploy/plan/release_plan.hpp"
#include "altinity_deploy/plan_json/release_plan_json.hpp"
#include "../../src/cli/drift_text.hpp"

namespace altinity_deploy::plan {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class RealChartDrift : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const std::string folder = std::string(ALTINITY_DEPLOY_TEST_DATA) + "/drift/" + GetParam() + "/";
    release_ = "cap-" + std::string(GetParam() == "0.23.6" ? "0236" : "0256");
    spec_.namespace_name = release_;
    manifest_ = read_text(folder + "manifest.yaml");
    live_ = json::parse(read_text(folder + "live.json")).at("items").get<std::vector<json>>();
    auto crds = parse_crd_documents(read_text(folder + "crd.yaml"));
    ASSERT_TRUE(crds) << crds.error().message;
    crds_ = *crds;
    live_.push_back(json::parse(read_text(folder + "crd-live.json")));
  }

  // The plan of the clean release, with the live objects as they are now.
  ReleasePlan plan(const std::optional<std::set<std::string>>& autoscaled = std::nullopt) {
    ReleasePlan plan;
    plan.cluster.release = tools::ReleaseInfo{release_, release_, "deployed", 1, "altinity-clickhouse-operator",
                                              GetParam(), GetParam(), "", "", "", ""};
    plan.cluster.manifest = manifest_;
    plan.desired.crds = crds_;
    for (const auto& crd : crds_) plan.cluster.crds[crd.name] = ClusterCrd{crd.sha256, crd.version};
    add_drift(spec_, plan, live_, autoscaled);
    return plan;
  }

  json& live(const std::string& kind, const std::string& suffix = "") {
    for (json& object : live_) {
      const std::string name = object.at("/metadata/name"_json_pointer).get<std::string>();
      if (object.at("kind") == kind && name.ends_with(suffix)) return object;
    }
    ADD_FAILURE() << "no live " << kind << " named *" << suffix;
    return live_.front();
  }
  json& operator_container() { return live("Deployment").at("/spec/template/spec/containers/0"_json_pointer); }
  std::string deployment() { return "Deployment/" + live("Deployment").at("/metadata/name"_json_pointer).get<std::string>(); }

  static std::vector<std::string> lines(const ReleasePlan& plan) {
    std::vector<std::string> out;
    for (const auto& object : plan.drift) {
      for (const auto& line : cli::drift_lines(object)) out.push_back(line);
    }
    return out;
  }

  spec::OperatorSpec spec_;
  std::string release_;
  std::string manifest_;
  std::vector<json> live_;
  std::vector<CrdDocument> crds_;
};

TEST_P(RealChartDrift, ACleanReleaseHasNoDrift) {
  const auto result = plan();
  EXPECT_TRUE(result.drift_checked);
  EXPECT_THAT(lines(result), IsEmpty());
  EXPECT_TRUE(result.empty());
  EXPECT_FALSE(result.wants_autoscalers);
  EXPECT_GE(live_.size(), 12u) << "every object of the release and the CRD were captured";
}

TEST_P(RealChartDrift, AHandChangedImageIsFoundAtItsPath) {
  const std::string name = operator_container().at("name").get<std::string>();
  const std::string chart_image = operator_container().at("image").get<std::string>();
  operator_container()["image"] = "altinity/clickhouse-operator:0.0.1";
  const auto result = plan();
  EXPECT_THAT(lines(result), ElementsAre("~ " + deployment() + ": spec.template.spec.containers[" + name +
                                         "].image: chart \"" + chart_image +
                                         "\" -> live \"altinity/clickhouse-operator:0.0.1\""));
  ASSERT_EQ(result.changes.size(), 1u);
  EXPECT_EQ(result.changes[0].kind, Change::Kind::drift);
  EXPECT_EQ(result.changes[0].before, json("altinity/clickhouse-operator:0.0.1"));
  EXPECT_EQ(result.changes[0].after, json(chart_image));
}

TEST_P(RealChartDrift, HandScaledReplicasAskForTheAutoscalersAndAnHpaTargetIsNotDrift) {
  live("Deployment")["spec"]["replicas"] = 2;
  auto result = plan();
  EXPECT_THAT(lines(result), ElementsAre("~ " + deployment() + ": spec.replicas: chart 1 -> live 2"));
  EXPECT_TRUE(result.wants_autoscalers);
  // The caller's second call, with the HPA targets, replaces the first answer.
  add_drift(spec_, result, live_, std::set<std::string>{deployment()});
  EXPECT_THAT(lines(result), IsEmpty());
  EXPECT_TRUE(result.changes.empty());
  EXPECT_FALSE(result.wants_autoscalers);
  EXPECT_THAT(lines(plan(std::set<std::string>{"Deployment/another"})), ElementsAre(::testing::HasSubstr("spec.replicas")));
}

TEST_P(RealChartDrift, ADeletedConfigMapIsDeleted) {
  const std::string name = live("ConfigMap", "-files").at("/metadata/name"_json_pointer).get<std::string>();
  std::erase_if(live_, [&name](const json& object) {
    return object.at("kind") == "ConfigMap" && object.at("/metadata/name"_json_pointer) == name;
  });
  const auto result = plan();
  EXPECT_THAT(lines(result), ElementsAre("! ConfigMap/" + name + ": deleted"));
  ASSERT_EQ(result.changes.size(), 1u);
  EXPECT_EQ(result.changes[0].action, Change::Action::create);
}

TEST_P(RealChartDrift, AnAddedEnvironmentVariableIsDrift) {
  const std::string name = operator_container().at("name").get<std::string>();
  operator_container()["env"].push_back({{"name", "HAND_ADDED"}, {"value", "1"}});
  EXPECT_THAT(lines(plan()), ElementsAre("~ " + deployment() + ": spec.template.spec.containers[" + name +
                                         "].env[HAND_ADDED]: chart (absent) -> live "
                                         "{\"name\":\"HAND_ADDED\",\"value\":\"1\"}"));
}

TEST_P(RealChartDrift, AChangedSecretValueIsFoundAndNeverShown) {
  json& secret = live("Secret");
  ASSERT_TRUE(secret.contains("data"));
  const std::string key = secret["data"].begin().key();
  secret["data"][key] = "aGFuZC1jaGFuZ2Vk";  // base64("hand-changed")
  const auto result = plan();
  ASSERT_EQ(result.drift.size(), 1u);
  ASSERT_EQ(result.drift[0].fields.size(), 1u);
  EXPECT_EQ(result.drift[0].fields[0].path, "data." + key);
  EXPECT_TRUE(result.drift[0].fields[0].secret);
  EXPECT_THAT(lines(result)[0], ::testing::EndsWith(": chart \"<redacted>\" -> live \"<redacted>\""));
  EXPECT_EQ(plan_json::drift_json(result).dump().find("aGFuZC1jaGFuZ2Vk"), std::string::npos);
}

TEST_P(RealChartDrift, AShortNameAddedToACrdIsACrdUpdate) {
  json& crd = live("CustomResourceDefinition");
  crd["spec"]["names"]["shortNames"].push_back("handmade");
  const auto result = plan();
  ASSERT_EQ(result.changes.size(), 1u);
  EXPECT_EQ(result.changes[0].kind, Change::Kind::crd);
  EXPECT_EQ(result.changes[0].note, "will be updated (changed in the cluster: spec.names.shortNames)");
  EXPECT_TRUE(result.needs_crds());
  EXPECT_FALSE(result.needs_helm());
}

TEST_P(RealChartDrift, RolloutRestartAndControllerWritesAreNotDrift) {
  json& deployment = live("Deployment");
  deployment["spec"]["template"]["metadata"]["annotations"]["kubectl.kubernetes.io/restartedAt"] =
      "2026-12-07T05:00:00Z";
  deployment["metadata"]["annotations"]["deployment.kubernetes.io/revision"] = "2";
  deployment["metadata"]["generation"] = 7;
  deployment["status"]["observedGeneration"] = 7;
  live("ServiceAccount")["secrets"] = json::array({{{"name", "token-abcde"}}});
  EXPECT_THAT(lines(plan()), IsEmpty());
}

TEST_P(RealChartDrift, WarnModeReportsWithoutChangesAndDisabledComparesNothing) {
  operator_container()["image"] = "altinity/clickhouse-operator:0.0.1";
  spec_.drift_detection.mode = spec::DriftDetection::Mode::warn;
  auto result = plan();
  EXPECT_EQ(result.drift.size(), 1u);
  EXPECT_TRUE(result.changes.empty());
  spec_.drift_detection.mode = spec::DriftDetection::Mode::disabled;
  result = plan();
  EXPECT_TRUE(result.drift.empty());
  EXPECT_FALSE(result.drift_checked);
}

INSTANTIATE_TEST_SUITE_P(Charts, RealChartDrift, ::testing::Values("0.23.6", "0.25.6"),
                         [](const auto& chart) { return chart.param == "0.23.6" ? "v0_23_6" : "v0_25_6"; });

}  // namespace
}  // namespace altinity_deploy::plan
