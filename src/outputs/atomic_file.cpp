// write_file_atomically: readers (and a crash) see either the old manifest or
// the new one, never half of each.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "altinity_deploy/outputs/status_block.hpp"

namespace altinity_deploy::outputs {
namespace {

tl::unexpected<Error> cannot_write(const std::string& path, int error_number) {
  return fail(ExitCode::failed, fmt::format("cannot write the manifest '{}': {}", path, std::strerror(error_number)),
              "The manifest was left unchanged. Check that you may write to it and to its folder "
              "(it is replaced through a temporary file next to it).");
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

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// A temp file that removes itself unless it was renamed into place.
class TempFile {
 public:
  explicit TempFile(const std::string& target) : path_(folder_of(target) + "/." + name_of(target) + ".XXXXXX") {
    fd_ = mkostemp(path_.data(), O_CLOEXEC);
  }
  ~TempFile() {
    if (fd_ >= 0) close(fd_);
    if (fd_ >= 0 || closed_) unlink(path_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

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

}  // namespace

Status write_file_atomically(const std::string& path, const std::string& content) {
  const std::string target = resolve_target(path);
  struct stat original {};
  const bool exists = stat(target.c_str(), &original) == 0;
  if (!exists && errno != ENOENT) return cannot_write(path, errno);
  if (exists && S_ISDIR(original.st_mode)) return cannot_write(path, EISDIR);
  // rename() would happily replace a file we may not write; refuse like an
  // editor would.
  if (exists && faccessat(AT_FDCWD, target.c_str(), W_OK, AT_EACCESS) != 0) return cannot_write(path, errno);

  TempFile temp(target);
  if (temp.fd() < 0) return cannot_write(path, errno);
  const mode_t mode = exists ? (original.st_mode & 07777) : (0666 & ~current_umask());
  if (!write_all(temp.fd(), content) || fsync(temp.fd()) != 0 || fchmod(temp.fd(), mode) != 0) {
    return cannot_write(path, errno);
  }
  // Keep the owner when we are allowed to (e.g. root editing a user's file).
  if (exists && (original.st_uid != geteuid() || original.st_gid != getegid())) {
    [[maybe_unused]] const int ignored = fchown(temp.fd(), original.st_uid, original.st_gid);
  }
  if (!temp.close_file()) return cannot_write(path, errno);
  if (rename(temp.path().c_str(), target.c_str()) != 0) return cannot_write(path, errno);
  temp.keep();
  sync_folder(folder_of(target));
  return {};
}

}  // namespace altinity_deploy::outputs
