// The status write-back keeps what the user's manifest is: its hard links,
// owner, group and mode, and never writes anything but a regular file.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <grp.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "altinity_deploy/outputs/status_block.hpp"

namespace altinity_deploy::outputs {
namespace {

namespace fs = std::filesystem;

// Users that exist nowhere: only root can hand files to them.
constexpr uid_t kOwner = 42001;
constexpr uid_t kOtherUser = 42002;

class WriteBack : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "altinity-writeback-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  static void put(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }
  static std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }
  static struct stat stat_of(const fs::path& path) {
    struct stat info {};
    lstat(path.c_str(), &info);
    return info;
  }
  std::vector<std::string> names() const {
    std::vector<std::string> found;
    for (const auto& entry : fs::directory_iterator(dir_)) found.push_back(entry.path().filename().string());
    std::sort(found.begin(), found.end());
    return found;
  }
  // The exit code of `body` run in a child process as `uid`/`gid`.
  static int as_user(uid_t uid, gid_t gid, const std::function<bool()>& body) {
    const pid_t pid = fork();
    if (pid == 0) {
      if (setgroups(0, nullptr) != 0 || setgid(gid) != 0 || setuid(uid) != 0) _exit(2);
      _exit(body() ? 0 : 1);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 3;
  }

  fs::path dir_;
};

TEST_F(WriteBack, KeepsHardLinks) {
  const auto manifest = dir_ / "manifest.yaml";
  const auto other_name = dir_ / "same-manifest.yaml";
  put(manifest, "old\n");
  fs::create_hard_link(manifest, other_name);
  const ino_t inode = stat_of(manifest).st_ino;

  ASSERT_TRUE(write_file_atomically(manifest.string(), "new, and longer\n"));
  EXPECT_EQ(read(manifest), "new, and longer\n");
  EXPECT_EQ(read(other_name), "new, and longer\n") << "the other link still shows the old content";
  EXPECT_EQ(stat_of(manifest).st_ino, inode);
  EXPECT_EQ(stat_of(manifest).st_nlink, 2u);
  EXPECT_EQ(names(), (std::vector<std::string>{"manifest.yaml", "same-manifest.yaml"})) << "the copy is removed";
}

TEST_F(WriteBack, InPlaceRewriteOfAShorterContentLeavesNoTail) {
  const auto manifest = dir_ / "manifest.yaml";
  put(manifest, "a much longer old content\n");
  fs::create_hard_link(manifest, dir_ / "link.yaml");
  ASSERT_TRUE(write_file_atomically(manifest.string(), "short\n"));
  EXPECT_EQ(read(dir_ / "link.yaml"), "short\n");
}

TEST_F(WriteBack, RootKeepsAnotherUsersOwnerGroupAndMode) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to hand the file to another user";
  const auto manifest = dir_ / "manifest.yaml";
  put(manifest, "old\n");
  ASSERT_EQ(chown(manifest.c_str(), kOwner, kOwner), 0);
  ASSERT_EQ(chmod(manifest.c_str(), 0640), 0);
  ASSERT_TRUE(write_file_atomically(manifest.string(), "new\n"));
  const auto info = stat_of(manifest);
  EXPECT_EQ(info.st_uid, kOwner);
  EXPECT_EQ(info.st_gid, kOwner);
  EXPECT_EQ(info.st_mode & 07777, 0640u);
  EXPECT_EQ(read(manifest), "new\n");
}

TEST_F(WriteBack, AnotherUserWhoMayWriteTheFileKeepsItsOwner) {
  // A group-writable manifest in a shared folder, written back by a member of
  // the group: a rename would give the file to that user.
  if (geteuid() != 0) GTEST_SKIP() << "needs root to play two users";
  ASSERT_EQ(chmod(dir_.c_str(), 0777), 0);
  const auto manifest = dir_ / "manifest.yaml";
  put(manifest, "old\n");
  ASSERT_EQ(chown(manifest.c_str(), kOwner, kOtherUser), 0);
  ASSERT_EQ(chmod(manifest.c_str(), 0664), 0);

  EXPECT_EQ(as_user(kOtherUser, kOtherUser, [&] { return bool(write_file_atomically(manifest.string(), "new\n")); }),
            0);
  const auto info = stat_of(manifest);
  EXPECT_EQ(read(manifest), "new\n");
  EXPECT_EQ(info.st_uid, kOwner) << "the owner changed";
  EXPECT_EQ(info.st_gid, kOtherUser);
  EXPECT_EQ(info.st_mode & 07777, 0664u);
  EXPECT_EQ(names(), (std::vector<std::string>{"manifest.yaml"}));
}

TEST_F(WriteBack, FifoIsNeverWritten) {
  const auto manifest = dir_ / "manifest.yaml";
  ASSERT_EQ(mkfifo(manifest.c_str(), 0644), 0);
  const auto written = write_file_atomically(manifest.string(), "new\n");
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().message, "cannot write the manifest '" + manifest.string() + "': not a regular file");
  EXPECT_TRUE(S_ISFIFO(stat_of(manifest).st_mode)) << "the FIFO was replaced";
  EXPECT_EQ(names(), (std::vector<std::string>{"manifest.yaml"}));
}

TEST_F(WriteBack, SymlinkToAFifoIsNeverWritten) {
  const auto fifo = dir_ / "fifo";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0644), 0);
  fs::create_symlink(fifo, dir_ / "manifest.yaml");
  EXPECT_FALSE(write_file_atomically((dir_ / "manifest.yaml").string(), "new\n"));
  EXPECT_TRUE(S_ISFIFO(stat_of(fifo).st_mode));
}

TEST_F(WriteBack, DeviceIsNeverWritten) {
  EXPECT_FALSE(check_manifest_writable("/dev/null"));
  const auto written = write_file_atomically("/dev/null", "new\n");
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().message, "cannot write the manifest '/dev/null': not a regular file");
}

TEST_F(WriteBack, CheckAcceptsAWritableManifestAndLeavesNothingBehind) {
  const auto manifest = dir_ / "manifest.yaml";
  put(manifest, "old\n");
  EXPECT_TRUE(check_manifest_writable(manifest.string()));
  EXPECT_EQ(read(manifest), "old\n");
  EXPECT_EQ(names(), (std::vector<std::string>{"manifest.yaml"}));
}

TEST_F(WriteBack, CheckRefusesAFifoAMissingFileAndAFolderWeMayNotWrite) {
  ASSERT_EQ(mkfifo((dir_ / "fifo").c_str(), 0644), 0);
  EXPECT_FALSE(check_manifest_writable((dir_ / "fifo").string()));
  EXPECT_FALSE(check_manifest_writable((dir_ / "missing.yaml").string()));

  const auto manifest = dir_ / "manifest.yaml";
  put(manifest, "old\n");
  ASSERT_EQ(chmod(manifest.c_str(), 0666), 0);
  ASSERT_EQ(chmod(dir_.c_str(), 0555), 0);  // the file is writable, its folder is not
  const uid_t user = geteuid() == 0 ? kOtherUser : geteuid();  // root may write anywhere
  EXPECT_EQ(as_user(user, user, [&] { return !check_manifest_writable(manifest.string()); }), 0);
  chmod(dir_.c_str(), 0755);
}

}  // namespace
}  // namespace altinity_deploy::outputs
