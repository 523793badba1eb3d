// write_file_atomically: the status write-back into the user's manifest.
//
// Normally a temp file beside the manifest is written, fsynced and renamed
// over it: readers (and a crash) see either the old manifest or the new one.
// A rename makes a new inode, though, which would break the manifest's other
// hard links and, when we may not chown, change its owner. Then the file is
// rewritten in place instead: its previous content is first copied (fsynced)
// beside it as `.<name>.previous-XXXXXX`, the new content written into the
// original inode and fsynced, and only then the copy removed. Owner, mode,
// links (and ACLs) stay; the price is that a crash in the middle of that
// rewrite leaves a torn manifest, with the copy beside it to restore from.
//
// Only a regular file is ever written: a FIFO, a device or a folder at the
// manifest's path is refused, and the file is opened with O_NOFOLLOW and
// checked with fstat, so a swap between our checks and the write is caught.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "altinity_deploy/core/file_io.hpp"
#include "altinity_deploy/outputs/atomic_file.hpp"
#include "altinity_deploy/outputs/status_block.hpp"

namespace altinity_deploy::outputs {
namespace {

tl::unexpected<Error> cannot_write(const std::string& path, int error_number) {
  return fail(ExitCode::failed, fmt::format("cannot write the manifest '{}': {}", path, std::strerror(error_number)),
              "The manifest was left unchanged. Check that you may write to it and to its folder "
              "(a temporary file is written next to it).");
}

tl::unexpected<Error> not_a_regular_file(const std::string& path) {
  return fail(ExitCode::failed, fmt::format("cannot write the manifest '{}': not a regular file", path),
              "The manifest must be a regular file (not a FIFO, device or folder); it was left unchanged.");
}

// Reading the umask with umask() means changing it for a moment, which races
// with other threads creating files; /proc tells without touching it.
mode_t current_umask() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("Umask:")) return static_cast<mode_t>(std::strtoul(line.c_str() + 6, nullptr, 8));
  }
  return 022;
}

std::string folder_of(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string name_of(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// The file a symlinked manifest points to: that file gets replaced, the link
// stays a link.
std::string resolve_target(const std::string& path) {
  struct stat info {};
  if (lstat(path.c_str(), &info) != 0 || !S_ISLNK(info.st_mode)) return path;
  char resolved[PATH_MAX];
  return realpath(path.c_str(), resolved) != nullptr ? std::string(resolved) : path;
}

using core::read_all;
using core::write_all_at;

// A hidden file beside `target` that removes itself unless kept.
class SideFile {
 public:
  SideFile(const std::string& target, std::string_view role)
      : path_(fmt::format("{}/.{}.{}XXXXXX", folder_of(target), name_of(target), role)) {
    fd_ = mkostemp(path_.data(), O_CLOEXEC);
  }
  ~SideFile() {
    if (fd_ >= 0) close(fd_);
    if (fd_ >= 0 || closed_) unlink(path_.c_str());
  }
  SideFile(const SideFile&) = delete;
  SideFile& operator=(const SideFile&) = delete;

  int fd() const { return fd_; }
  const std::string& path() const { return path_; }
  bool close_file() {
    const int rc = close(std::exchange(fd_, -1));
    closed_ = true;
    return rc == 0;
  }
  void keep() { closed_ = false; }

 private:
  std::string path_;
  int fd_ = -1;
  bool closed_ = false;
};

// Makes the rename itself durable.
void sync_folder(const std::string& folder) {
  const int fd = open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  fsync(fd);
  close(fd);
}

bool same_file(const struct stat& a, const struct stat& b) { return a.st_dev == b.st_dev && a.st_ino == b.st_ino; }

// The existing manifest, opened for the in-place rewrite: O_NOFOLLOW and
// O_NONBLOCK (a FIFO swapped in since our lstat must not block us), then
// fstat confirms it is still the regular file we looked at.
class OpenManifest {
 public:
  OpenManifest(const std::string& target, const struct stat& expected) {
    fd_ = open(target.c_str(), O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd_ < 0) {
      error_ = errno;
      return;
    }
    struct stat now {};
    if (fstat(fd_, &now) != 0) {
      error_ = errno;
    } else if (!S_ISREG(now.st_mode) || !same_file(now, expected)) {
      error_ = -1;
    }
  }
  ~OpenManifest() {
    if (fd_ >= 0) close(fd_);
  }
  OpenManifest(const OpenManifest&) = delete;
  OpenManifest& operator=(const OpenManifest&) = delete;

  int fd() const { return fd_; }
  // 0: usable; -1: not the regular file we looked at; else an errno.
  int error() const { return error_; }

 private:
  int fd_ = -1;
  int error_ = 0;
};

Status rewrite_in_place(const std::string& path, const std::string& target, const struct stat& original,
                        const std::string& content) {
  OpenManifest manifest(target, original);
  if (manifest.error() == -1) return not_a_regular_file(path);
  if (manifest.error() != 0) return cannot_write(path, manifest.error());
  std::string previous;
  if (!read_all(manifest.fd(), previous)) return cannot_write(path, errno);

  SideFile copy(target, "previous-");
  if (copy.fd() < 0) return cannot_write(path, errno);
  if (!write_all_at(copy.fd(), previous, 0) || fsync(copy.fd()) != 0) return cannot_write(path, errno);

  const auto size = static_cast<off_t>(content.size());
  if (!write_all_at(manifest.fd(), content, 0) || ftruncate(manifest.fd(), size) != 0 ||
      fsync(manifest.fd()) != 0) {
    const int saved = errno;
    // Put the old content back; if even that fails, the copy stays.
    const bool restored = write_all_at(manifest.fd(), previous, 0) &&
                          ftruncate(manifest.fd(), static_cast<off_t>(previous.size())) == 0 &&
                          fsync(manifest.fd()) == 0;
    if (!restored) {
      copy.close_file();
      copy.keep();
      return fail(ExitCode::failed,
                  fmt::format("cannot write the manifest '{}': {}", path, std::strerror(saved)),
                  fmt::format("The manifest may be damaged; its previous content is in {}.", copy.path()));
    }
    return cannot_write(path, saved);
  }
  return {};
}

// Temp file, fsync, rename. `in_place` is set (and nothing changed) when the
// temp file cannot be given the original's owner and group.
Status replace_by_rename(const std::string& path, const std::string& target, const struct stat* original,
                         const std::string& content, bool& in_place) {
  SideFile temp(target, "");
  if (temp.fd() < 0) return cannot_write(path, errno);
  if (original != nullptr && (original->st_uid != geteuid() || original->st_gid != getegid()) &&
      fchown(temp.fd(), original->st_uid, original->st_gid) != 0) {
    in_place = true;
    return {};
  }
  // After the chown, which may clear set-id bits.
  const mode_t mode = original != nullptr ? (original->st_mode & 07777) : (0666 & ~current_umask());
  if (!write_all_at(temp.fd(), content, 0) || fsync(temp.fd()) != 0 || fchmod(temp.fd(), mode) != 0) {
    return cannot_write(path, errno);
  }
  if (!temp.close_file()) return cannot_write(path, errno);
  if (original != nullptr) {
    // Still the file we looked at? A FIFO or folder swapped in meanwhile is
    // not replaced.
    struct stat now {};
    if (lstat(target.c_str(), &now) != 0) return cannot_write(path, errno);
    if (!S_ISREG(now.st_mode) || !same_file(now, *original)) return not_a_regular_file(path);
  }
  if (rename(temp.path().c_str(), target.c_str()) != 0) return cannot_write(path, errno);
  temp.keep();
  sync_folder(folder_of(target));
  return {};
}

// The manifest's target and its lstat, refusing anything but a regular file
// we may write. `exists` is false for a file not there yet.
Status inspect(const std::string& path, const std::string& target, struct stat& info, bool& exists) {
  exists = lstat(target.c_str(), &info) == 0;
  if (!exists && errno != ENOENT) return cannot_write(path, errno);
  if (exists && S_ISDIR(info.st_mode)) return cannot_write(path, EISDIR);
  if (exists && !S_ISREG(info.st_mode)) return not_a_regular_file(path);
  // rename() would happily replace a file we may not write; refuse like an
  // editor would.
  if (exists && faccessat(AT_FDCWD, target.c_str(), W_OK, AT_EACCESS) != 0) return cannot_write(path, errno);
  return {};
}

}  // namespace

Status check_manifest_writable(const std::string& path) {
  const std::string target = resolve_target(path);
  struct stat info {};
  bool exists = false;
  if (auto ok = inspect(path, target, info, exists); !ok) return ok;
  if (!exists) return cannot_write(path, ENOENT);
  // Both ways of writing need a file beside the manifest: try one.
  SideFile probe(target, "");
  if (probe.fd() < 0) return cannot_write(path, errno);
  return {};
}

std::string manifest_target(const std::string& path) { return resolve_target(path); }

Status write_file_atomically(const std::string& path, const std::string& content, const core::FileIdentity* expected) {
  const std::string target = resolve_target(path);
  struct stat original {};
  bool exists = false;
  if (auto ok = inspect(path, target, original, exists); !ok) return ok;
  if (expected != nullptr && (!exists || core::identity_of(original) != *expected)) {
    return fail(ExitCode::failed,
                fmt::format("cannot write the manifest '{}': another file is at its path since it was read", path),
                "The file now at that path was left unchanged.");
  }
  bool in_place = exists && original.st_nlink > 1;
  if (!in_place) {
    auto replaced = replace_by_rename(path, target, exists ? &original : nullptr, content, in_place);
    if (!replaced || !in_place) return replaced;
  }
  return rewrite_in_place(path, target, original, content);
}

Status write_private_file(const std::string& path, const std::string& content) {
  const std::string target = resolve_target(path);
  auto refused = [&path](int error_number) {
    return fail(ExitCode::failed, fmt::format("cannot write '{}': {}", path, std::strerror(error_number)),
                "check that you may write to that folder (a temporary file is written next to the file)");
  };
  struct stat info {};
  if (lstat(target.c_str(), &info) == 0 && !S_ISREG(info.st_mode)) {
    return refused(S_ISDIR(info.st_mode) ? EISDIR : EINVAL);
  }
  // mkostemp makes it 0600 whatever the umask; fchmod says so once more.
  SideFile temp(target, "");
  if (temp.fd() < 0) return refused(errno);
  if (!write_all_at(temp.fd(), content, 0) || fchmod(temp.fd(), 0600) != 0 || fsync(temp.fd()) != 0) {
    return refused(errno);
  }
  if (!temp.close_file()) return refused(errno);
  if (rename(temp.path().c_str(), target.c_str()) != 0) return refused(errno);
  temp.keep();
  sync_folder(folder_of(target));
  return {};
}

}  // namespace altinity_deploy::outputs
