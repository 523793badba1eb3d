#pragma once
// The one home of the low-level file helpers: whole writes and reads on a
// descriptor that survive short writes/reads and EINTR. Used by the values
// file (actions/values_file), the manifest reader (manifest/manifest_loader)
// and the atomic write-back (outputs/atomic_file).
#include <sys/stat.h>
#include <sys/types.h>

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>

namespace altinity_deploy::core {

// Which file: device and inode, as fstat tells them. The status write-back
// writes only into the file the manifest was loaded from.
struct FileIdentity {
  dev_t device = 0;
  ino_t inode = 0;
  bool operator==(const FileIdentity&) const = default;
};
inline FileIdentity identity_of(const struct stat& info) { return {info.st_dev, info.st_ino}; }

// Writes all of `data` at `offset`; false with errno set on failure.
bool write_all_at(int fd, std::string_view data, off_t offset);

// Appends what `fd` holds to `data` until end of file, or until `data` holds
// `limit` bytes (so that a file growing while it is read stays bounded);
// false with errno set on failure.
bool read_all(int fd, std::string& data, std::size_t limit = std::numeric_limits<std::size_t>::max());

}  // namespace altinity_deploy::core
