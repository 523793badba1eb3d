#pragma once
// Answers that cannot change for the same question, kept between runs so a
// repeated `plan` or `up` does not start a helm process to ask again: `helm
// show crds`/`helm show chart` of a chart at a pinned version or of a local
// chart (keyed by its content), and `helm version` (keyed by the binary's
// identity). Under $XDG_CACHE_HOME/altinity-deploy/reads (else
// ~/.cache/altinity-deploy/reads); ALTINITY_DEPLOY_NO_CACHE=1 turns it off.
//
// An entry is trusted only if it is ours and intact: a folder and file owned
// by this user and writable by nobody else, a header naming the exact key,
// and a SHA-256 of the answer that matches. Anything else is a miss, and the
// fresh answer replaces it (written to a temp file, then renamed).
#include <optional>
#include <string>

#include "altinity_deploy/spec/operator_spec.hpp"

namespace altinity_deploy::tools {

class ReadCache {
 public:
  // A cache that never answers and never writes.
  ReadCache() = default;
  // `folder` is created (0700) on the first write.
  explicit ReadCache(std::string folder) : folder_(std::move(folder)) {}

  // From the environment: XDG_CACHE_HOME, HOME and ALTINITY_DEPLOY_NO_CACHE.
  static ReadCache from_environment();

  bool enabled() const { return !folder_.empty(); }
  const std::string& folder() const { return folder_; }

  std::optional<std::string> get(const std::string& key) const;
  // Best effort: a cache that cannot be written only costs the next run time.
  void put(const std::string& key, const std::string& answer) const;

 private:
  std::string path_of(const std::string& key) const;
  std::string folder_;
};

// What identifies a file's content cheaply: path, size, modification time in
// nanoseconds, device and inode. nullopt when it cannot be read.
std::optional<std::string> file_identity(const std::string& path);

// The part of a cache key that names the chart: repo URL, name and pinned
// version, or a local chart's content digest. nullopt when the answer may
// change (a version range or no version: the repository decides).
std::optional<std::string> chart_cache_identity(const spec::Chart& chart);

// True for an exact SemVer 2 version (an optional leading v), the only kind
// whose chart a repository should never change.
bool is_pinned_version(const std::string& version);

}  // namespace altinity_deploy::tools
