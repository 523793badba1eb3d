// KubectlClient::describe_target and the read cache: a kept answer starts no
// `kubectl config view`; another kubeconfig content, --context, KUBECONFIG
// list, in-cluster variable or kubectl asks again; only the target is kept.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "altinity_deploy/tools/kubectl_client.hpp"
#include "support/recording_runner.hpp"

namespace altinity_deploy::tools {
namespace {

namespace fs = std::filesystem;

const char* kMinified =
    R"({"current-context":"prod","clusters":[{"name":"c1","cluster":{"server":"https://10.0.0.1:6443"}}],)"
    R"("users":[{"name":"u","user":{"token":"REDACTED"}}]})";

class KubectlTargetCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/altinity-deploy-kubectl-cache-XXXXXX";
    root_ = ::mkdtemp(pattern);
    kubectl_ = root_ + "/bin/kubectl";
    fs::create_directories(root_ + "/bin");
    std::ofstream(kubectl_) << "#!/bin/sh\n";
    fs::permissions(kubectl_, fs::perms::owner_all);
    kubeconfig_ = root_ + "/kubeconfig";
    write(kubeconfig_, "apiVersion: v1\nkind: Config\ncurrent-context: prod\n");
    runner_.on({kubectl_, "config", "view"}).reply(0, kMinified);
    if (const char* value = std::getenv("KUBECONFIG")) saved_kubeconfig_ = value;
    ::unsetenv("KUBERNETES_SERVICE_HOST");
  }
  void TearDown() override {
    if (saved_kubeconfig_) ::setenv("KUBECONFIG", saved_kubeconfig_->c_str(), 1);
    else ::unsetenv("KUBECONFIG");
    ::unsetenv("KUBERNETES_SERVICE_HOST");
    fs::remove_all(root_);
  }

  static void write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

  // One run's describe_target: a new client, as each run makes one.
  Result<ClusterTarget> describe(const KubeAccess& access, const std::string& binary = {}) {
    KubectlClient kubectl(runner_, binary.empty() ? kubectl_ : binary, access);
    kubectl.use_read_cache(ReadCache(root_ + "/cache"));
    return kubectl.describe_target();
  }
  int views() const { return runner_.count({kubectl_, "config", "view"}); }

  std::string root_;
  std::string kubectl_;
  std::string kubeconfig_;
  std::optional<std::string> saved_kubeconfig_;
  exec::RecordingRunner runner_;
};

TEST_F(KubectlTargetCacheTest, ASecondRunAsksKubectlNothingAndGetsTheSameTarget) {
  const KubeAccess access{kubeconfig_, ""};
  auto first = describe(access);
  ASSERT_TRUE(first) << first.error().message;
  auto second = describe(access);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(views(), 1);
  EXPECT_EQ(second->context, "prod");
  EXPECT_EQ(second->cluster, "c1");
  EXPECT_EQ(second->server, "https://10.0.0.1:6443");
}

TEST_F(KubectlTargetCacheTest, TheEntryHoldsTheTargetAndNoUserOfTheKubeconfig) {
  ASSERT_TRUE(describe({kubeconfig_, ""}));
  int entries = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root_ + "/cache")) {
    if (!entry.is_regular_file()) continue;
    ++entries;
    std::stringstream text;
    text << std::ifstream(entry.path()).rdbuf();
    EXPECT_NE(text.str().find("https://10.0.0.1:6443"), std::string::npos);
    EXPECT_EQ(text.str().find("REDACTED"), std::string::npos);
    EXPECT_EQ(text.str().find("users"), std::string::npos);
  }
  EXPECT_EQ(entries, 1);
}

TEST_F(KubectlTargetCacheTest, AnotherKubeconfigContentOrContextAsksAgain) {
  ASSERT_TRUE(describe({kubeconfig_, ""}));
  write(kubeconfig_, "apiVersion: v1\nkind: Config\ncurrent-context: staging\n");
  ASSERT_TRUE(describe({kubeconfig_, ""}));
  EXPECT_EQ(views(), 2);
  ASSERT_TRUE(describe({kubeconfig_, "other"}));
  EXPECT_EQ(views(), 3);
  ASSERT_TRUE(describe({kubeconfig_, "other"}));
  EXPECT_EQ(views(), 3);
}

TEST_F(KubectlTargetCacheTest, WithoutTheFlagEachKubeconfigEntryCounts) {
  const std::string second = root_ + "/second";
  write(second, "kind: Config\n");
  ::setenv("KUBECONFIG", kubeconfig_.c_str(), 1);
  ASSERT_TRUE(describe({}));
  ASSERT_TRUE(describe({}));
  EXPECT_EQ(views(), 1);
  ::setenv("KUBECONFIG", (kubeconfig_ + ":" + second).c_str(), 1);
  ASSERT_TRUE(describe({}));
  EXPECT_EQ(views(), 2);
  write(second, "kind: Config\ncurrent-context: x\n");
  ASSERT_TRUE(describe({}));
  EXPECT_EQ(views(), 3);
  ::setenv("KUBERNETES_SERVICE_HOST", "10.96.0.1", 1);
  ASSERT_TRUE(describe({}));
  EXPECT_EQ(views(), 4);
}

TEST_F(KubectlTargetCacheTest, AnotherKubectlAsksAgain) {
  ASSERT_TRUE(describe({kubeconfig_, ""}));
  const std::string other = root_ + "/bin2/kubectl";
  fs::create_directories(root_ + "/bin2");
  std::ofstream(other) << "#!/bin/sh\n# another\n";
  fs::permissions(other, fs::perms::owner_all);
  runner_.on({other, "config", "view"}).reply(0, kMinified);
  ASSERT_TRUE(describe({kubeconfig_, ""}, other));
  EXPECT_EQ(runner_.count({other, "config", "view"}), 1);
}

TEST_F(KubectlTargetCacheTest, AFailureIsNotKeptAndNoCacheMeansNoCache) {
  exec::RecordingRunner failing;
  failing.on({kubectl_, "config", "view"}).reply(1, "", "error: context \"x\" does not exist");
  KubectlClient kubectl(failing, kubectl_, {kubeconfig_, ""});
  kubectl.use_read_cache(ReadCache(root_ + "/cache"));
  EXPECT_FALSE(kubectl.describe_target());
  EXPECT_FALSE(kubectl.describe_target());
  EXPECT_EQ(failing.count({kubectl_, "config", "view"}), 2);

  KubectlClient uncached(runner_, kubectl_, {kubeconfig_, ""});
  ASSERT_TRUE(uncached.describe_target());
  ASSERT_TRUE(uncached.describe_target());
  EXPECT_EQ(views(), 2);
}

TEST_F(KubectlTargetCacheTest, AnUnreadableKubeconfigIsNotCached) {
  const std::string folder = root_ + "/a-folder";
  fs::create_directories(folder);
  EXPECT_FALSE(kubeconfig_cache_identity(folder, ""));
  EXPECT_TRUE(kubeconfig_cache_identity(root_ + "/missing", ""));
  EXPECT_NE(kubeconfig_cache_identity(root_ + "/missing", "a"), kubeconfig_cache_identity(root_ + "/missing", "b"));
}

}  // namespace
// KUBECONFIG of separators only names no file: kubectl then loads none (not
// ~/.kube/config), so nothing is kept that could name another cluster.
TEST_F(KubectlTargetCacheTest, AKubeconfigListOfSeparatorsOnlyIsNotCached) {
  ::setenv("KUBECONFIG", ":", 1);
  ASSERT_TRUE(describe({}));
  ASSERT_TRUE(describe({}));
  EXPECT_EQ(views(), 2);
}

// A server URL with a user:password or a query is not written down.
TEST_F(KubectlTargetCacheTest, AServerUrlWithACredentialIsNotCached) {
  const std::string other = root_ + "/bin/kubectl-basic-auth";
  fs::copy_file(kubectl_, other);
  runner_.on({other, "config", "view"})
      .reply(0, R"({"current-context":"prod","contexts":[{"name":"prod","context":{"cluster":"c1"}}],)"
                R"("clusters":[{"name":"c1","cluster":{"server":"https://admin:hunter2@10.0.0.1:6443"}}]})");
  const KubeAccess access{kubeconfig_, ""};
  ASSERT_TRUE(describe(access, other));
  ASSERT_TRUE(describe(access, other));
  EXPECT_EQ(runner_.count({other, "config", "view"}), 2);
  EXPECT_FALSE(fs::exists(root_ + "/cache") && !fs::is_empty(root_ + "/cache"));
}

}  // namespace altinity_deploy::tools
