#include "altinity_deploy/core/file_io.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>

namespace altinity_deploy::core {

bool write_all_at(int fd, std::string_view data, off_t offset) {
  while (!data.empty()) {
    const ssize_t n = ::pwrite(fd, data.data(), data.size(), offset);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = EIO;
      return false;
    }
    data.remove_prefix(static_cast<size_t>(n));
    offset += n;
  }
  return true;
}

bool read_all(int fd, std::string& data, std::size_t limit) {
  std::array<char, 65536> buffer;
  while (data.size() < limit) {
    const std::size_t want = std::min(buffer.size(), limit - data.size());
    const ssize_t n = ::read(fd, buffer.data(), want);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) return true;
    data.append(buffer.data(), static_cast<size_t>(n));
  }
  return true;
}

}  // namespace altinity_deploy::core
