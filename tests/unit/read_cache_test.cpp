// The read cache keeps helm's answers that cannot change; it must never hand
// back an answer that is not exactly what was stored under exactly this key.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "altinity_deploy/core/sha256.hpp"
#include "altinity_deploy/tools/read_cache.hpp"

namespace altinity_deploy::tools {
namespace {

namespace fs = std::filesystem;

class ReadCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/altinity-deploy-read-cache-XXXXXX";
    root_ = ::mkdtemp(pattern);
    folder_ = root_ + "/reads";
  }
  void TearDown() override { fs::remove_all(root_); }

  std::string entry_path(const std::string& key) const { return folder_ + "/" + core::sha256_hex(key); }
  static void write(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }
  static std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
  }

  std::string root_;
  std::string folder_;
};

TEST_F(ReadCacheTest, AnswersWhatWasStoredUnderTheSameKeyOnly) {
  const ReadCache cache(folder_);
  EXPECT_FALSE(cache.get("show crds a"));
  cache.put("show crds a", "---\nkind: CustomResourceDefinition\n");
  EXPECT_EQ(cache.get("show crds a"), "---\nkind: CustomResourceDefinition\n");
  EXPECT_FALSE(cache.get("show crds b"));
  cache.put("empty", "");
  EXPECT_EQ(cache.get("empty"), "");
  struct stat info {};
  ASSERT_EQ(::stat(folder_.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0700U);
  ASSERT_EQ(::stat(entry_path("show crds a").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600U);
}

TEST_F(ReadCacheTest, ADamagedEntryIsAMissAndTheNextAnswerReplacesIt) {
  const ReadCache cache(folder_);
  cache.put("k", "the answer");
  const std::string good = read(entry_path("k"));
  const std::string damaged[] = {good.substr(0, good.size() - 1), good + "x", "garbage",
                                 good.substr(0, 40), good.substr(0, good.find('\n'))};
  for (const std::string& text : damaged) {
    write(entry_path("k"), text);
    EXPECT_FALSE(cache.get("k")) << text;
  }
  std::string flipped = good;
  flipped.back() = 'X';
  write(entry_path("k"), flipped);
  EXPECT_FALSE(cache.get("k")) << "the answer's digest no longer matches";
  cache.put("k", "the answer");
  EXPECT_EQ(cache.get("k"), "the answer");
}

TEST_F(ReadCacheTest, AnEntryFiledUnderAnotherKeyIsNotUsed) {
  const ReadCache cache(folder_);
  cache.put("other", "other answer");
  fs::copy_file(entry_path("other"), entry_path("mine"));
  ::chmod(entry_path("mine").c_str(), 0600);
  EXPECT_FALSE(cache.get("mine"));
}

TEST_F(ReadCacheTest, WhatOthersCouldWriteIsNeverTrusted) {
  const ReadCache cache(folder_);
  cache.put("k", "answer");
  ::chmod(entry_path("k").c_str(), 0620);
  EXPECT_FALSE(cache.get("k")) << "group-writable entry";
  ::chmod(entry_path("k").c_str(), 0600);
  ::chmod(folder_.c_str(), 0777);
  EXPECT_FALSE(cache.get("k")) << "world-writable folder";
  ::chmod(folder_.c_str(), 0700);
  EXPECT_EQ(cache.get("k"), "answer");
  fs::rename(entry_path("k"), folder_ + "/real");
  fs::create_symlink(folder_ + "/real", entry_path("k"));
  EXPECT_FALSE(cache.get("k")) << "a symbolic link";
  if (::geteuid() == 0) {
    fs::remove(entry_path("k"));
    cache.put("k", "answer");
    ASSERT_EQ(::chown(entry_path("k").c_str(), 4242, 4242), 0);
    EXPECT_FALSE(cache.get("k")) << "owned by another user";
  }
}

// What a folder holds, for "nothing was written there".
std::vector<std::string> names_in(const std::string& folder) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder)) names.push_back(entry.path().filename().string());
  return names;
}

mode_t mode_of(const std::string& path) {
  struct stat info {};
  return ::lstat(path.c_str(), &info) == 0 ? info.st_mode & 07777 : 0;
}

TEST_F(ReadCacheTest, AReadsFolderThatIsALinkIsNotFollowed) {
  const std::string victim = root_ + "/victim";
  fs::create_directory(victim);
  ::chmod(victim.c_str(), 0755);
  fs::create_directory_symlink(victim, folder_);
  const ReadCache cache(folder_);
  cache.put("k", "answer");
  EXPECT_TRUE(names_in(victim).empty()) << "an entry was written through the link";
  EXPECT_EQ(mode_of(victim), 0755U) << "the link's target was chmodded";
  // An entry of ours behind the link is not read either.
  const ReadCache direct(victim);
  direct.put("k", "answer");
  ASSERT_EQ(direct.get("k"), "answer");
  EXPECT_FALSE(cache.get("k"));
}

TEST_F(ReadCacheTest, EachLevelBelowTheBaseIsOpenedWithoutFollowingALink) {
  const std::string victim = root_ + "/victim";
  fs::create_directories(victim + "/reads");
  ::chmod((victim + "/reads").c_str(), 0755);
  fs::create_directory_symlink(victim, root_ + "/altinity-deploy");
  const ReadCache cache(root_, "altinity-deploy/reads");
  EXPECT_EQ(cache.folder(), root_ + "/altinity-deploy/reads");
  cache.put("k", "answer");
  EXPECT_TRUE(names_in(victim + "/reads").empty());
  EXPECT_EQ(mode_of(victim + "/reads"), 0755U);
  fs::remove(root_ + "/altinity-deploy");
  cache.put("k", "answer");
  EXPECT_EQ(cache.get("k"), "answer");
  EXPECT_EQ(mode_of(root_ + "/altinity-deploy"), 0700U);
  EXPECT_EQ(mode_of(root_ + "/altinity-deploy/reads"), 0700U);
}

TEST_F(ReadCacheTest, AFolderOthersMayWriteIsNeitherUsedNorChmodded) {
  const ReadCache cache(root_, "altinity-deploy/reads");
  for (const char* level : {"/altinity-deploy", "/altinity-deploy/reads"}) {
    fs::remove_all(root_ + "/altinity-deploy");
    fs::create_directories(root_ + "/altinity-deploy/reads");
    ::chmod((root_ + level).c_str(), 0777);
    cache.put("k", "answer");
    EXPECT_TRUE(names_in(root_ + "/altinity-deploy/reads").empty()) << level;
    EXPECT_EQ(mode_of(root_ + level), 0777U) << level << ": chmodded";
    EXPECT_FALSE(cache.get("k")) << level;
  }
}

TEST_F(ReadCacheTest, AFolderOfAnotherUserIsNotUsed) {
  if (::geteuid() != 0) GTEST_SKIP() << "SKIPPED: giving a folder to another user needs root";
  const ReadCache cache(root_, "altinity-deploy/reads");
  for (const char* level : {"/altinity-deploy", "/altinity-deploy/reads"}) {
    fs::remove_all(root_ + "/altinity-deploy");
    fs::create_directories(root_ + "/altinity-deploy/reads");
    ::chmod((root_ + "/altinity-deploy").c_str(), 0700);
    ::chmod((root_ + "/altinity-deploy/reads").c_str(), 0700);
    ASSERT_EQ(::chown((root_ + level).c_str(), 4242, 4242), 0);
    cache.put("k", "answer");
    EXPECT_TRUE(names_in(root_ + "/altinity-deploy/reads").empty()) << level;
    EXPECT_FALSE(cache.get("k")) << level;
  }
}

TEST_F(ReadCacheTest, ADisabledCacheNeitherAnswersNorWrites) {
  const ReadCache cache;
  cache.put("k", "answer");
  EXPECT_FALSE(cache.get("k"));
  EXPECT_FALSE(fs::exists(folder_));
}

TEST_F(ReadCacheTest, FolderFromTheEnvironment) {
  const std::string home = std::getenv("HOME") != nullptr ? std::getenv("HOME") : "";
  ::setenv("XDG_CACHE_HOME", root_.c_str(), 1);
  ::unsetenv("ALTINITY_DEPLOY_NO_CACHE");
  EXPECT_EQ(ReadCache::from_environment().folder(), root_ + "/altinity-deploy/reads");
  ::setenv("ALTINITY_DEPLOY_NO_CACHE", "1", 1);
  EXPECT_FALSE(ReadCache::from_environment().enabled());
  ::unsetenv("ALTINITY_DEPLOY_NO_CACHE");
  ::setenv("XDG_CACHE_HOME", "relative/path", 1);
  ::setenv("HOME", root_.c_str(), 1);
  EXPECT_EQ(ReadCache::from_environment().folder(), root_ + "/.cache/altinity-deploy/reads")
      << "a relative XDG_CACHE_HOME is ignored, as the XDG spec says";
  ::unsetenv("XDG_CACHE_HOME");
  ::setenv("HOME", home.c_str(), 1);
}

TEST(PinnedVersion, OnlyAnExactVersionIsPinned) {
  for (const char* pinned : {"0.23.6", "v0.25.4", "1.2.3-rc.1", "1.2.3+build.5", "10.20.30-alpha-1"}) {
    EXPECT_TRUE(is_pinned_version(pinned)) << pinned;
  }
  for (const char* open : {"", "0.23", "^0.23.6", ">=0.25.0", "0.23.x", "~1.2.3", "1.2.3 || 1.2.4", "1..3", ".1.2",
                           "1.2.3-", "1.2.3-a b", "1.2.3.4", "1.2.3-a..b", "1.2.3+"}) {
    EXPECT_FALSE(is_pinned_version(open)) << open;
  }
}

TEST_F(ReadCacheTest, ALocalChartIsKeyedByItsContent) {
  spec::Chart chart;
  chart.path = root_ + "/chart.tgz";
  write(chart.path, "first content");
  const auto first = chart_cache_identity(chart);
  ASSERT_TRUE(first);
  EXPECT_EQ(chart_cache_identity(chart), first);
  write(chart.path, "other content");
  EXPECT_NE(chart_cache_identity(chart), first);

  chart.path = root_ + "/folder";
  fs::create_directories(chart.path + "/crds");
  write(chart.path + "/Chart.yaml", "name: x\n");
  write(chart.path + "/crds/a.yaml", "kind: A\n");
  const auto folder = chart_cache_identity(chart);
  ASSERT_TRUE(folder);
  write(chart.path + "/crds/a.yaml", "kind: B\n");
  EXPECT_NE(chart_cache_identity(chart), folder) << "a file inside changed";
  chart.path = root_ + "/missing";
  EXPECT_FALSE(chart_cache_identity(chart));
}

TEST(ChartIdentity, ARepositoryChartIsCachedOnlyAtAPinnedVersion) {
  spec::Chart chart;
  chart.repo = "https://example.test/charts";
  chart.name = "altinity-clickhouse-operator";
  chart.version = "0.25.4";
  const auto pinned = chart_cache_identity(chart);
  ASSERT_TRUE(pinned);
  chart.version = "0.25.6";
  EXPECT_NE(chart_cache_identity(chart), pinned) << "a new version misses";
  chart.version = ">=0.25.0";
  EXPECT_FALSE(chart_cache_identity(chart));
}

}  // namespace
}  // namespace altinity_deploy::tools
