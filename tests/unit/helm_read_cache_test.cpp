// The HelmClient's use of the read cache: which answers it keeps, under
// which helm, and that a kept answer starts no process. The program search
// (exec::find_program) the key depends on is tested here too.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "altinity_deploy/exec/program_path.hpp"
#include "altinity_deploy/tools/helm_client.hpp"
#include "support/recording_runner.hpp"

namespace altinity_deploy::tools {
namespace {

namespace fs = std::filesystem;

class HelmReadCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/altinity-deploy-helm-cache-XXXXXX";
    root_ = ::mkdtemp(pattern);
    helm_ = executable(root_ + "/bin/helm", "#!/bin/sh\n");
    runner_.on({helm_, "version"}).reply(0, "v3.17.3");
    runner_.on({helm_, "show", "crds"}).reply(0, "kind: CustomResourceDefinition\n");
    runner_.on({helm_, "show", "chart"}).reply(0, "name: op\nversion: 1.2.3\n");
  }
  void TearDown() override { fs::remove_all(root_); }

  static std::string executable(const std::string& path, const std::string& text, fs::perms perms = fs::perms::owner_all) {
    fs::create_directories(fs::path(path).parent_path());
    std::ofstream(path) << text;
    fs::permissions(path, perms);
    return path;
  }
  HelmClient client(const std::string& binary) {
    HelmClient helm(runner_, binary, {});
    helm.use_read_cache(ReadCache(root_ + "/cache"));
    return helm;
  }
  static spec::Chart repo_chart(const std::string& version) {
    spec::Chart chart;
    chart.repo = "https://charts.example/";
    chart.name = "op";
    chart.version = version;
    return chart;
  }

  std::string root_;
  std::string helm_;
  exec::RecordingRunner runner_;
};

TEST_F(HelmReadCacheTest, ASecondClientAsksHelmNothingForAPinnedChart) {
  for (int run = 0; run < 2; ++run) {
    auto helm = client(helm_);
    ASSERT_TRUE(helm.detect_version());
    EXPECT_EQ(helm.major(), 3);
    ASSERT_TRUE(helm.show_crds(repo_chart("1.2.3")));
    EXPECT_EQ(*helm.show_crds(repo_chart("1.2.3")), "kind: CustomResourceDefinition\n");
    ASSERT_TRUE(helm.show_chart(repo_chart("1.2.3")));
    EXPECT_EQ(helm.show_chart(repo_chart("1.2.3"))->version, "1.2.3");
  }
  EXPECT_EQ(runner_.count({helm_, "version"}), 1);
  EXPECT_EQ(runner_.count({helm_, "show", "crds"}), 1);
  EXPECT_EQ(runner_.count({helm_, "show", "chart"}), 1);
}

TEST_F(HelmReadCacheTest, AVersionRangeAnotherVersionOrAnotherHelmAsksAgain) {
  auto helm = client(helm_);
  ASSERT_TRUE(helm.show_crds(repo_chart("^1.2")));
  ASSERT_TRUE(helm.show_crds(repo_chart("^1.2")));
  EXPECT_EQ(runner_.count({helm_, "show", "crds"}), 2);
  ASSERT_TRUE(helm.show_crds(repo_chart("1.2.3")));
  ASSERT_TRUE(helm.show_crds(repo_chart("1.2.4")));
  EXPECT_EQ(runner_.count({helm_, "show", "crds"}), 4);

  // The same words, another file: another helm.
  ASSERT_TRUE(helm.detect_version());
  executable(helm_ + ".new", "#!/bin/sh\n# a newer helm\n");
  fs::rename(helm_ + ".new", helm_);
  ASSERT_TRUE(client(helm_).detect_version());
  ASSERT_TRUE(client(helm_).show_crds(repo_chart("1.2.3")));
  EXPECT_EQ(runner_.count({helm_, "version"}), 2);
  EXPECT_EQ(runner_.count({helm_, "show", "crds"}), 5);
}

TEST_F(HelmReadCacheTest, FailedOrUnusableAnswersAreNotKept) {
  exec::RecordingRunner failing;
  failing.on({helm_, "version"}).reply(0, "v2.16.0");
  failing.on({helm_, "show", "crds"}).reply(0, "---\n");
  for (int run = 0; run < 2; ++run) {
    HelmClient helm(failing, helm_, {});
    helm.use_read_cache(ReadCache(root_ + "/cache"));
    EXPECT_FALSE(helm.detect_version());
    EXPECT_FALSE(helm.show_crds(repo_chart("1.2.3")));
  }
  EXPECT_EQ(failing.count({helm_, "version"}), 2);
  EXPECT_EQ(failing.count({helm_, "show", "crds"}), 2);
}

TEST_F(HelmReadCacheTest, AHelmThatIsNotFoundOrNotAHelmIsNeverCached) {
  // A version manager's shim: a link named helm to a program of another name.
  const std::string mise = executable(root_ + "/bin/mise", "#!/bin/sh\n");
  fs::create_directories(root_ + "/shims");
  fs::create_symlink(mise, root_ + "/shims/helm");
  for (const std::string& binary : {root_ + "/shims/helm", root_ + "/nowhere/helm"}) {
    auto helm = client(binary);
    runner_.on({binary, "version"}).reply(0, "v3.17.3");
    ASSERT_TRUE(helm.detect_version());
    ASSERT_TRUE(client(binary).detect_version());
    EXPECT_EQ(runner_.count({binary, "version"}), 2) << binary;
  }
}

TEST(FindProgram, FollowsPathLikeExecSkippingWhatCannotRun) {
  char pattern[] = "/tmp/altinity-deploy-find-program-XXXXXX";
  const std::string root = ::mkdtemp(pattern);
  for (const char* folder : {"/a", "/b", "/c", "/d"}) fs::create_directories(root + folder);
  std::ofstream(root + "/a/tool") << "not executable";
  fs::permissions(root + "/a/tool", fs::perms::owner_read | fs::perms::owner_write);
  fs::create_directories(root + "/b/tool");  // a folder of that name
  std::ofstream(root + "/c/tool") << "#!/bin/sh\n";
  fs::permissions(root + "/c/tool", fs::perms::owner_all);
  std::ofstream(root + "/d/tool") << "#!/bin/sh\n";
  fs::permissions(root + "/d/tool", fs::perms::owner_all);

  const char* saved = std::getenv("PATH");
  const std::string saved_path = saved != nullptr ? saved : "";
  ::setenv("PATH", (root + "/a:" + root + "/b::" + root + "/c:" + root + "/d").c_str(), 1);
  EXPECT_EQ(exec::program_candidates("tool"),
            (std::vector<std::string>{root + "/a/tool", root + "/b/tool", "./tool", root + "/c/tool", root + "/d/tool"}));
  EXPECT_EQ(exec::find_program("tool"), root + "/c/tool");
  EXPECT_EQ(exec::find_program("no-such-tool"), std::nullopt);
  EXPECT_EQ(exec::find_program(root + "/d/tool"), root + "/d/tool");
  EXPECT_EQ(exec::find_program(root + "/a/tool"), std::nullopt);
  ::setenv("PATH", saved_path.c_str(), 1);
  fs::remove_all(root);
}

}  // namespace
}  // namespace altinity_deploy::tools
