#include <gtest/gtest.h>

#include "altinity_deploy/tools/helm_client.hpp"
#include "altinity_deploy/tools/kubectl_client.hpp"
#include "altinity_deploy/tools/tool_error.hpp"

namespace altinity_deploy::tools {
namespace {

// `helm status -o json` as both majors print it: config (absent when no
// user values), manifest, and Helm 4's apply_method.
TEST(HelmReleaseContents, ReadsValuesManifestAndApplyMethod) {
  auto stored = parse_release_contents(
      R"({"name":"op","version":2,"config":{"a":1},"manifest":"---\nkind: ConfigMap\n","apply_method":"csa"})");
  ASSERT_TRUE(stored) << stored.error().message;
  EXPECT_EQ(stored->values, nlohmann::json({{"a", 1}}));
  EXPECT_EQ(stored->manifest, "---\nkind: ConfigMap\n");
  EXPECT_EQ(stored->apply_method, "csa");
  auto bare = parse_release_contents(R"({"name":"op","version":1})");
  ASSERT_TRUE(bare);
  EXPECT_TRUE(bare->values.is_null()) << "no user values reads as helm get values' null";
  EXPECT_EQ(bare->manifest, "");
  EXPECT_FALSE(parse_release_contents("not json"));
  EXPECT_FALSE(parse_release_contents("[1]"));
}

TEST(HelmJson, StatusOfHelm4WithApplyMethod) {
  auto info = parse_release_status(R"({"name":"op","namespace":"ns","version":3,"apply_method":"csa",
    "info":{"status":"deployed","first_deployed":"2026-01-01T00:00:00Z","last_deployed":"2026-01-02T00:00:00Z",
    "description":"Upgrade complete"}})");
  ASSERT_TRUE(info);
  EXPECT_EQ(info->name, "op");
  EXPECT_EQ(info->revision, 3);
  EXPECT_EQ(info->status, "deployed");
  EXPECT_EQ(info->last_deployed, "2026-01-02T00:00:00Z");
  EXPECT_EQ(info->apply_method, "csa");
}

// `helm upgrade -o json` prints the stored manifest too: read in the same parse.
TEST(HelmJson, AnUpgradesAnswerCarriesItsManifest) {
  auto printed = parse_printed_release(R"({"name":"op","version":4,"info":{"status":"deployed"},
    "chart":{"metadata":{"name":"c","version":"1.0"}},"manifest":"---\nkind: ConfigMap\n"})");
  ASSERT_TRUE(printed);
  EXPECT_EQ(printed->info.revision, 4);
  EXPECT_EQ(printed->info.chart_version, "1.0");
  EXPECT_EQ(printed->manifest, "---\nkind: ConfigMap\n");
  EXPECT_FALSE(parse_printed_release("Error: nope"));
}

TEST(HelmJson, StatusThatIsNotJsonIsAnError) {
  auto info = parse_release_status("Error: nope");
  ASSERT_FALSE(info);
  EXPECT_NE(info.error().message.find("helm status"), std::string::npos);
}

TEST(HelmJson, HistoryReadsRevisionsAndCharts) {
  auto entries = parse_history(R"([{"revision":1,"status":"superseded","chart":"altinity-clickhouse-operator-0.23.6",
    "app_version":"0.23.6","updated":"t1","description":"Install complete"},
    {"revision":2,"status":"pending-upgrade","chart":"altinity-clickhouse-operator-0.26.0","app_version":"0.26.0",
    "updated":"t2","description":"Preparing upgrade","rollback_revision":0}])");
  ASSERT_TRUE(entries);
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[1].revision, 2);
  EXPECT_EQ((*entries)[1].status, "pending-upgrade");
}

// helm's JSON is read leniently: `helm list` prints the revision as a
// string, `helm history` as a number; a field of another type reads as
// absent instead of failing the read.
TEST(HelmJson, RevisionAsStringOrNumberAndWrongTypesReadAsAbsent) {
  auto releases = parse_release_list(R"([{"name":"op","namespace":"ns","revision":"7","status":"deployed",
    "chart":"altinity-clickhouse-operator-0.26.0","app_version":5,"updated":"t"}, 3])");
  ASSERT_TRUE(releases) << releases.error().message;
  ASSERT_EQ(releases->size(), 1u) << "a list item that is no object is skipped";
  EXPECT_EQ((*releases)[0].revision, 7);
  EXPECT_EQ((*releases)[0].chart_version, "0.26.0");
  EXPECT_EQ((*releases)[0].app_version, "") << "a number where a string belongs reads as absent";
  auto status = parse_release_status(R"({"name":"op","version":"x","info":"deployed","chart":{"metadata":[]}})");
  ASSERT_TRUE(status) << status.error().message;
  EXPECT_EQ(status->name, "op");
  EXPECT_EQ(status->revision, 0);
  EXPECT_EQ(status->status, "");
  EXPECT_EQ(status->chart_name, "");
  auto entries = parse_history(R"([{"revision":4.5,"status":"deployed"},{"revision":"12"}])");
  ASSERT_TRUE(entries);
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].revision, 0) << "a fraction is no revision";
  EXPECT_EQ((*entries)[0].status, "deployed");
  EXPECT_EQ((*entries)[1].revision, 12);
}

TEST(ChartLabel, SplitsAtTheFirstDashBeforeADigit) {
  std::string name, version;
  split_chart_label("altinity-clickhouse-operator-0.23.6", name, version);
  EXPECT_EQ(name, "altinity-clickhouse-operator");
  EXPECT_EQ(version, "0.23.6");
  split_chart_label("altinity-clickhouse-operator-0.23.6-fixture", name, version);
  EXPECT_EQ(version, "0.23.6-fixture");
}

TEST(HelmErrors, ReleaseNotFound) {
  EXPECT_TRUE(is_release_not_found("Error: release: not found\n"));
  EXPECT_FALSE(is_release_not_found("Error: Kubernetes cluster unreachable"));
}

TEST(KubectlJson, MinifiedConfigGivesContextAndServerButNoSecrets) {
  auto target = parse_minified_config(R"({"current-context":"prod","clusters":[{"name":"c1",
    "cluster":{"server":"https://10.0.0.1:6443","certificate-authority-data":"DATA+OMITTED"}}],
    "users":[{"name":"u","user":{"token":"REDACTED"}}]})");
  ASSERT_TRUE(target);
  EXPECT_EQ(target->context, "prod");
  EXPECT_EQ(target->server, "https://10.0.0.1:6443");
}

TEST(KubectlJson, ServerVersion) {
  auto version = parse_server_version(R"({"major":"1","minor":"20+","gitVersion":"v1.20.2"})");
  ASSERT_TRUE(version);
  EXPECT_EQ(version->major, 1);
  EXPECT_EQ(version->minor, 20);
  EXPECT_EQ(version->git_version, "v1.20.2");
}

}  // namespace
}  // namespace altinity_deploy::tools

namespace altinity_deploy::tools {
namespace {

TEST(ToolFailure, AKilledHelmSaysSoAndWhatHappensNext) {
  exec::CommandResult result;
  result.exit_code = 137;
  const Error error = tool_failure("helm upgrade --install", result).value();
  EXPECT_EQ(error.code, ExitCode::failed);
  EXPECT_EQ(error.message, "helm upgrade --install was killed by signal 9");
  EXPECT_NE(error.hint.find("the next `up` recovers it"), std::string::npos);
}

}  // namespace
}  // namespace altinity_deploy::tools
