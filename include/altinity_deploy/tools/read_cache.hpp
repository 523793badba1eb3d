#pragma once
// Answers that cannot change for the same question, kept between runs so a
// repeated `plan` or `up` does not start a helm process to ask again: `helm
// show crds`/`helm show chart` of a chart at a pinned version or of a local
// chart (keyed by its content), `helm version` (keyed by the binary's
// identity) and `kubectl config view --minify` (keyed by kubectl's identity
// and the kubeconfig's content, kubeconfig_cache_identity); and the refs of
// a release's stored objects (names only: release_object_refs.hpp), which
// the next run checks against the stored manifest. Under $XDG_CACHE_HOME/altinity-deploy/reads (else
// ~/.cache/altinity-deploy/reads); ALTINITY_DEPLOY_NO_CACHE=1 turns it off.
//
// An entry is trusted only if it is ours and intact: folders and file owned
// by this user and writable by nobody else, a header naming the exact key,
// and a SHA-256 of the answer that matches. Anything else is a miss, and the
// fresh answer replaces it (written to a temp file, then renamed).
//
// Everything below the base ($XDG_CACHE_HOME) is done through folder file
// descriptors: `altinity-deploy`, then `reads`, each opened with
// O_NOFOLLOW|O_DIRECTORY relative to the one above (made with mkdirat and
// fchmod 0700 when missing) and checked with fstat on that descriptor; the
// entries are opened, created (O_EXCL|O_NOFOLLOW, 0600) and renamed
// relative to the `reads` descriptor. A folder swapped for a link, or for
// one of another user's, between the check and the use cannot redirect a
// write or a chmod: nothing is done by path after the check. A folder that
// is not ours, or that others may write, turns the cache off (-v says why).
#include <optional>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "altinity_deploy/core/unique_fd.hpp"
#include "altinity_deploy/spec/operator_spec.hpp"

namespace altinity_deploy::tools {

class ReadCache {
 public:
  // A cache that never answers and never writes.
  ReadCache() = default;
  // `base` is used as it is (links followed); each folder of `levels`
  // ("altinity-deploy/reads") below it is private to us and created (0700)
  // on the first write.
  ReadCache(std::string base, std::string levels);
  // `folder` alone is the private level, its parent the base.
  explicit ReadCache(const std::string& folder);

  // From the environment: XDG_CACHE_HOME, HOME and ALTINITY_DEPLOY_NO_CACHE.
  static ReadCache from_environment();

  bool enabled() const { return !folder_.empty(); }
  // base/levels, for messages.
  const std::string& folder() const { return folder_; }

  std::optional<std::string> get(const std::string& key) const;
  // Best effort: a cache that cannot be written only costs the next run time.
  void put(const std::string& key, const std::string& answer) const;

 private:
  tl::expected<core::UniqueFd, std::string> open_folder(bool create) const;

  std::string base_;
  std::vector<std::string> levels_;
  std::string folder_;
};

// What identifies a file's content cheaply: path, size, modification time in
// nanoseconds, device and inode. nullopt when it cannot be read.
std::optional<std::string> file_identity(const std::string& path);

// What identifies the program `binary` starts: the file exec finds, links
// resolved, by file_identity. nullopt when it is not found.
std::optional<std::string> program_identity(const std::string& binary);

// The part of a cache key that names what `kubectl config view --minify`
// reads: the kubeconfig files in effect (`kubeconfig`, the --kubeconfig
// path, else each KUBECONFIG entry, else ~/.kube/config), each by path and
// SHA-256 of its content ("missing" when absent), `context` (--context) and
// the in-cluster variables KUBERNETES_SERVICE_HOST/PORT. nullopt (not
// cached) when a file cannot be read or is over 4 MiB.
std::optional<std::string> kubeconfig_cache_identity(const std::string& kubeconfig, const std::string& context);

// The part of a cache key that names the chart: repo URL, name and pinned
// version, or a local chart's content digest. nullopt when the answer may
// change (a version range or no version: the repository decides).
std::optional<std::string> chart_cache_identity(const spec::Chart& chart);

// True for an exact SemVer 2 version (an optional leading v), the only kind
// whose chart a repository should never change.
bool is_pinned_version(const std::string& version);

}  // namespace altinity_deploy::tools
