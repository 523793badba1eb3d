// The operator's ClickHouse password: never the chart's public default,
// generated once and kept, never shown.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "altinity_deploy/plan/release_plan.hpp"
#include "altinity_deploy/plan/values_builder.hpp"
#include "altinity_deploy/plan/values_diff.hpp"
#include "altinity_deploy/plan_json/release_plan_json.hpp"
#include "altinity_deploy/yaml/yaml_emitter.hpp"
#include "altinity_deploy/yaml/yaml_loader.hpp"
#include "../../src/cli/plan_text.hpp"
#include "altinity_deploy/yaml/yaml_to_json.hpp"

namespace altinity_deploy::plan {
namespace {

using nlohmann::json;
using cli::format_plan;
using plan_json::changes_json;
using plan_json::operator_password_json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using Origin = OperatorPassword::Origin;

constexpr const char* kKept = "Kept0Generated1Password2For3Test";

spec::OperatorSpec spec_with(const std::string& values_yaml = "{}") {
  spec::OperatorSpec spec;
  spec.metadata.name = "ops";
  spec.namespace_name = "ops-ns";
  spec.values = yaml::load(values_yaml).root;
  return spec;
}

json recorded_with(const json& secret) {
  json values = yaml::to_json(build_values(spec_with()));
  if (!secret.is_null()) values["secret"] = secret;
  return values;
}

// What up left in the release last time: the manifest's values, kKept and
// its fingerprint.
json deployed_values() {
  yaml::Node values = build_values(spec_with());
  apply_operator_password(values, {Origin::generated, kKept, ""});
  return yaml::to_json(values);
}

ClusterState deployed(const json& values) {
  ClusterState cluster;
  cluster.namespace_info = tools::NamespaceInfo{"Active", {}, {}};
  tools::ReleaseInfo release;
  release.name = "ops";
  release.status = "deployed";
  release.chart_name = "altinity-clickhouse-operator";
  release.chart_version = "0.23.6";
  cluster.release = release;
  cluster.values = values;
  return cluster;
}

ReleasePlan plan_for(const spec::OperatorSpec& spec, const ClusterState& cluster, PlanSettings settings = {}) {
  auto desired = desired_values(spec, cluster.values, settings);
  EXPECT_TRUE(desired) << desired.error().message;
  desired->chart = {"altinity-clickhouse-operator", "0.23.6", {}};
  return diff(spec, std::move(*desired), cluster);
}

std::string password_in(const ReleasePlan& plan) {
  const json& secret = plan.desired.values["secret"];
  return secret.is_object() && secret["password"].is_string() ? secret["password"].get<std::string>() : "";
}

// Everything a plan prints: text and JSON.
std::string printed(const ReleasePlan& plan, const spec::OperatorSpec& spec) {
  return format_plan(plan, spec).str() + changes_json(plan).dump() + operator_password_json(plan, spec).dump();
}

TEST(GeneratePassword, ThirtyTwoLettersAndDigitsEachTimeNew) {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    auto password = generate_password();
    ASSERT_TRUE(password);
    EXPECT_EQ(password->size(), 32u);
    EXPECT_TRUE(std::all_of(password->begin(), password->end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }));
    seen.insert(*password);
  }
  EXPECT_EQ(seen.size(), 50u);
}

TEST(OperatorPassword, AFreshInstallGetsAGeneratedOneThatIsNeverPrinted) {
  const auto spec = spec_with();
  DesiredState desired = *desired_values(spec, nullptr, {});
  desired.chart = {"altinity-clickhouse-operator", "0.23.6", {}};
  const ReleasePlan plan = diff(spec, std::move(desired), ClusterState{});
  EXPECT_EQ(plan.desired.operator_password.origin, Origin::generated);
  const std::string password = password_in(plan);
  ASSERT_EQ(password.size(), 32u);
  EXPECT_NE(password, kPublicDefaultPassword);
  EXPECT_THAT(yaml::emit(plan.desired.values_tree), HasSubstr(password)) << "helm gets it";
  EXPECT_THAT(printed(plan, spec), Not(HasSubstr(password)));
  EXPECT_THAT(format_plan(plan, spec).str(), HasSubstr("operator password: <generated> (new release); kept in Secret "
                                                 "ops-ns/ops-altinity-clickhouse-operator"));
  EXPECT_EQ(plan.desired.values["podAnnotations"][kPasswordFingerprintAnnotation].get<std::string>().size(), 16u);
}

TEST(OperatorPassword, ASecondRunKeepsTheRecordedOneAndChangesNothing) {
  const auto spec = spec_with();
  const ReleasePlan plan = plan_for(spec, deployed(deployed_values()));
  EXPECT_EQ(plan.desired.operator_password.origin, Origin::recorded);
  EXPECT_EQ(password_in(plan), kKept);
  EXPECT_TRUE(plan.empty()) << format_plan(plan, spec).str();
  EXPECT_THAT(format_plan(plan, spec).str(), Not(HasSubstr(kKept)));
}

TEST(OperatorPassword, AReleaseOnThePublicDefaultGetsANewOneAndThePlanSaysSo) {
  const auto spec = spec_with();
  for (const json& secret : {json(nullptr), json{{"password", "clickhouse_operator_password"}}}) {
    const ReleasePlan plan = plan_for(spec, deployed(recorded_with(secret)));
    EXPECT_EQ(plan.desired.operator_password.origin, Origin::generated);
    ASSERT_EQ(password_in(plan).size(), 32u);
    const std::string text = format_plan(plan, spec).str();
    EXPECT_THAT(text, HasSubstr("value secret.password: "));
    EXPECT_THAT(text, HasSubstr(" -> \"<generated>\" (the release uses the chart's public default password)"));
    EXPECT_THAT(text, HasSubstr("+ value podAnnotations.altinity-deploy/operator-login-fingerprint: (absent) -> "));
    EXPECT_THAT(printed(plan, spec), Not(HasSubstr(password_in(plan))));
    EXPECT_THAT(printed(plan, spec), Not(HasSubstr("clickhouse_operator_password")));
  }
}

TEST(OperatorPassword, RotationMakesANewOne) {
  const auto spec = spec_with();
  const ReleasePlan plan = plan_for(spec, deployed(deployed_values()), {true});
  EXPECT_EQ(plan.desired.operator_password.origin, Origin::generated);
  EXPECT_NE(password_in(plan), kKept);
  EXPECT_THAT(format_plan(plan, spec).str(),
              HasSubstr("~ value secret.password: \"<redacted>\" -> \"<generated>\" (--rotate-operator-password)"));
}

TEST(OperatorPassword, TheManifestsOwnPasswordIsLeftAlone) {
  for (const char* values : {"secret: {password: mine-1}", "secret: {create: false}", "secret: ~",
                             "secret: {create: false, password: ~}"}) {
    const auto spec = spec_with(values);
    const ReleasePlan plan = plan_for(spec, deployed(deployed_values()));
    EXPECT_EQ(plan.desired.operator_password.origin, Origin::manifest) << values;
    EXPECT_FALSE(plan.desired.values.contains("podAnnotations")) << values;
    EXPECT_THAT(printed(plan, spec), Not(HasSubstr("mine-1")));
    EXPECT_THAT(printed(plan, spec), Not(HasSubstr(kKept)));
  }
  EXPECT_EQ(password_in(plan_for(spec_with("secret: {password: mine-1}"), deployed(deployed_values()))), "mine-1");
}

TEST(OperatorPassword, AnEmptyNullOrPublicPasswordInTheManifestIsReplaced) {
  for (const char* values : {"secret: {password: ''}", "secret: {password: ~}",
                             "secret: {password: clickhouse_operator_password}", "secret: {create: true}"}) {
    const auto spec = spec_with(values);
    const ReleasePlan plan = diff(spec, *desired_values(spec, nullptr, {}), ClusterState{});
    EXPECT_EQ(plan.desired.operator_password.origin, Origin::generated) << values;
    EXPECT_EQ(password_in(plan).size(), 32u) << values;
  }
  const auto spec = spec_with("secret: {password: clickhouse_operator_password}");
  EXPECT_THAT(desired_values(spec, nullptr, {})->operator_password.why, HasSubstr("public default"));
}

TEST(OperatorPassword, RotatingAManifestsPasswordIsAnError) {
  const auto result = desired_values(spec_with("secret: {password: mine}"), nullptr, {true});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ExitCode::invalid_input);
  EXPECT_THAT(result.error().message, HasSubstr("the manifest sets the operator's password"));
}

TEST(OperatorPassword, MergeKeysInSpecValuesCount) {
  // `secret: {<<: *mine}` sets the password as much as writing it out does.
  const auto spec = spec_with("base: &mine {password: merged-pw}\nsecret:\n  <<: *mine\n");
  EXPECT_EQ(desired_values(spec, nullptr, {})->operator_password.origin, Origin::manifest);
}

TEST(OperatorPassword, RenderShowsTheMarker) {
  yaml::Node values = build_values(spec_with());
  apply_generated_marker(values);
  EXPECT_EQ(values.find("secret")->find("password")->text(), "<generated>");
  yaml::Node own = build_values(spec_with("secret: {password: mine}"));
  apply_generated_marker(own);
  EXPECT_EQ(own.find("secret")->find("password")->text(), "mine");
}

TEST(OperatorPassword, TheSecretsNameFollowsTheChartsFullnameTemplate) {
  EXPECT_EQ(operator_secret("ops", "ns", "altinity-clickhouse-operator", json::object()).name,
            "ops-altinity-clickhouse-operator");
  EXPECT_EQ(operator_secret("altinity-clickhouse-operator-prod", "ns", "altinity-clickhouse-operator", json::object()).name,
            "altinity-clickhouse-operator-prod");
  const SecretRef overridden = operator_secret("ops", "ns", "altinity-clickhouse-operator",
                                               json{{"fullnameOverride", "chop"}, {"namespaceOverride", "other"}});
  EXPECT_EQ(overridden.name, "chop");
  EXPECT_EQ(overridden.namespace_name, "other");
  EXPECT_EQ(read_password_command({"ns", "chop"}),
            "kubectl get secret chop --namespace ns -o jsonpath='{.data.password}' | base64 -d");
}

}  // namespace
}  // namespace altinity_deploy::plan
