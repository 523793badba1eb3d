#include "altinity_deploy/core/file_io.hpp"
#include "altinity_deploy/actions/values_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include <fmt/format.h>

namespace altinity_deploy::actions {

Result<ValuesFile> ValuesFile::create(const std::string& temp_dir, const std::string& content) {
  std::string pattern = temp_dir + "/altinity-deploy-values-XXXXXX.yaml";
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  // mkstemps creates the file 0600 whatever the umask.
  const int fd = ::mkstemps(name.data(), 5);
  if (fd < 0) {
    return fail(ExitCode::failed,
                fmt::format("cannot create the values file in {}: {}", temp_dir, std::strerror(errno)),
                "set TMPDIR to a writable folder");
  }
  ValuesFile file(std::string(name.data()));
  if (!core::write_all_at(fd, content, 0)) {
    const int saved = errno;
    ::close(fd);
    return fail(ExitCode::failed, fmt::format("cannot write {}: {}", file.path(), std::strerror(saved)));
  }
  ::close(fd);
  return file;
}

ValuesFile::ValuesFile(ValuesFile&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }

ValuesFile::~ValuesFile() {
  if (!path_.empty()) ::unlink(path_.c_str());
}

}  // namespace altinity_deploy::actions
