// tools::ReleaseReader: Secrets or helm, the fallback, and what -v says.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/exec/concurrent.hpp"
#include "altinity_deploy/tools/release_reader.hpp"
#include "support/base64_encode.hpp"
#include "support/recording_runner.hpp"

namespace altinity_deploy::tools {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kHistory =
    R"([{"revision":2,"updated":"2026-11-27T10:00:00Z","status":"failed","chart":"altinity-clickhouse-operator-0.23.6",)"
    R"("app_version":"0.23.6","description":"Upgrade failed"}])";

json release_secret(const std::string& data) {
  return {{"type", "helm.sh/release.v1"},
          {"metadata", {{"labels", {{"owner", "helm"}, {"name", "ops"}, {"version", "2"}}}}},
          {"data", {{"release", data}}}};
}

json secrets_list(const json& secret) { return {{"kind", "List"}, {"items", {secret}}}; }

std::string record_data() {
  const json record = {{"name", "ops"},
                       {"namespace", "ops-ns"},
                       {"version", 2},
                       {"info", {{"status", "failed"}, {"last_deployed", "2026-11-27T10:00:00Z"}}},
                       {"chart", {{"metadata", {{"name", "altinity-clickhouse-operator"}, {"version", "0.23.6"}}}}},
                       {"config", {{"a", 1}}},
                       {"manifest", "kind: ConfigMap\n"}};
  return testing_support::base64_encode(testing_support::base64_encode(record.dump()));
}

class ReleaseReaderTest : public ::testing::Test {
 protected:
  ReleaseReaderTest() {
    ::unsetenv("ALTINITY_DEPLOY_RELEASE_READER");
    ::unsetenv("HELM_DRIVER");
    runner_.on({"helm", "history"}).reply(0, kHistory);
    runner_.on({"helm", "status"}).reply(0, R"({"config":{"a":1},"manifest":"kind: ConfigMap\n"})");
  }
  ~ReleaseReaderTest() override {
    ::unsetenv("ALTINITY_DEPLOY_RELEASE_READER");
    ::unsetenv("HELM_DRIVER");
    log::configure({});
  }

  // Runs the reader as plan and status do, with -v; returns what it logged.
  std::string read(ReleaseReader::Want want) {
    log::configure({.verbose = true});
    ::testing::internal::CaptureStderr();
    reader_.emplace(helm_, kubectl_, want);
    exec::run_concurrently(reader_->calls());
    reader_->finish();
    return ::testing::internal::GetCapturedStderr();
  }

  int helm_reads() const { return runner_.count({"helm", "history"}) + runner_.count({"helm", "status"}); }

  exec::RecordingRunner runner_;
  HelmClient helm_{runner_, "helm", {}, ReleaseRef{"ops", "ops-ns"}};
  KubectlClient kubectl_{runner_, "kubectl", {}, ReleaseRef{"ops", "ops-ns"}};
  std::optional<ReleaseReader> reader_;
};

TEST_F(ReleaseReaderTest, FromItsSecretsWithOneKubectlCallAndNoHelm) {
  runner_.on({"kubectl", "get", "secrets"}).reply(0, secrets_list(release_secret(record_data())).dump());
  const std::string logged = read(ReleaseReader::Want::revision_and_record);
  EXPECT_THAT(logged, HasSubstr("release 'ops': read from its Secrets"));
  EXPECT_EQ(helm_reads(), 0);
  ASSERT_TRUE(reader_->release() && *reader_->release());
  EXPECT_EQ((*reader_->release())->status, "failed");
  EXPECT_EQ((*reader_->release())->revision, 2);
  ASSERT_TRUE(reader_->stored() && *reader_->stored());
  EXPECT_EQ((*reader_->stored())->values, json({{"a", 1}}));
}

TEST_F(ReleaseReaderTest, ATamperedRecordFallsBackToHelmAndSaysWhy) {
  runner_.on({"kubectl", "get", "secrets"})
      .reply(0, secrets_list(release_secret(testing_support::base64_encode("garbage"))).dump());
  const std::string logged = read(ReleaseReader::Want::revision_and_record);
  EXPECT_THAT(logged, HasSubstr("release 'ops': not read from its Secrets (not a Helm release record"));
  EXPECT_THAT(logged, HasSubstr("asking helm"));
  EXPECT_EQ(runner_.count({"helm", "history"}), 1);
  EXPECT_EQ(runner_.count({"helm", "status"}), 1);
  ASSERT_TRUE(reader_->release() && *reader_->release());
  EXPECT_EQ((*reader_->release())->status, "failed");
}

TEST_F(ReleaseReaderTest, AForbiddenListSaysWhyOnOneLine) {
  runner_.on({"kubectl", "get", "secrets"})
      .reply(1, "", "Error from server (Forbidden): secrets is forbidden: User \"u\" cannot list resource\n");
  const std::string logged = read(ReleaseReader::Want::revision);
  EXPECT_THAT(logged, HasSubstr("(kubectl get secrets failed (exit 1): Error from server (Forbidden): secrets is "
                                "forbidden: User \"u\" cannot list resource"));
  EXPECT_EQ(runner_.count({"helm", "history"}), 1);
}

TEST_F(ReleaseReaderTest, HelmDriverConfigmapAsksHelmAndSaysWhy) {
  ::setenv("HELM_DRIVER", "configmap", 1);
  const std::string logged = read(ReleaseReader::Want::revision_and_record);
  EXPECT_THAT(logged, HasSubstr("release 'ops': not read from its Secrets (HELM_DRIVER=configmap: Helm keeps releases "
                                "elsewhere); asking helm"));
  EXPECT_EQ(runner_.count({"kubectl", "get", "secrets"}), 0);
  EXPECT_EQ(helm_reads(), 2);
}

TEST_F(ReleaseReaderTest, TheHelmReaderAskedForByNameSaysSo) {
  ::setenv("ALTINITY_DEPLOY_RELEASE_READER", "helm", 1);
  const std::string logged = read(ReleaseReader::Want::revision_and_record);
  EXPECT_THAT(logged, HasSubstr("(ALTINITY_DEPLOY_RELEASE_READER=helm)"));
  EXPECT_EQ(runner_.count({"kubectl", "get", "secrets"}), 0);
}

TEST_F(ReleaseReaderTest, StatusWantsTheRevisionOnlyOneHelmCall) {
  ::setenv("HELM_DRIVER", "sql", 1);
  read(ReleaseReader::Want::revision);
  EXPECT_EQ(runner_.count({"helm", "history"}), 1);
  EXPECT_EQ(runner_.count({"helm", "status"}), 0);
  ASSERT_TRUE(reader_->release() && *reader_->release());
  EXPECT_EQ((*reader_->release())->chart_version, "0.23.6");
}

TEST_F(ReleaseReaderTest, NoSecretsMeansNoRelease) {
  runner_.on({"kubectl", "get", "secrets"}).reply(0, R"({"kind":"List","items":[]})");
  const std::string logged = read(ReleaseReader::Want::revision);
  EXPECT_THAT(logged, Not(HasSubstr("asking helm")));
  EXPECT_EQ(helm_reads(), 0);
  ASSERT_TRUE(reader_->release());
  EXPECT_FALSE(*reader_->release());
}

TEST(ReleaseInSecrets, HelmsDefaultDriverOnly) {
  ::unsetenv("ALTINITY_DEPLOY_RELEASE_READER");
  for (const char* driver : {"secret", "secrets", ""}) {
    ::setenv("HELM_DRIVER", driver, 1);
    EXPECT_TRUE(release_in_secrets()) << driver;
  }
  for (const char* driver : {"configmap", "configmaps", "memory", "sql"}) {
    ::setenv("HELM_DRIVER", driver, 1);
    EXPECT_FALSE(release_in_secrets()) << driver;
    EXPECT_THAT(why_not_in_secrets(), HasSubstr(std::string("HELM_DRIVER=") + driver));
  }
  ::unsetenv("HELM_DRIVER");
}

}  // namespace
}  // namespace altinity_deploy::tools
