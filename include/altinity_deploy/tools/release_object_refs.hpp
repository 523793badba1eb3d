#pragma once
// The release's stored objects by name (apiVersion, kind, name, namespace:
// never their content), kept in the read cache between runs so the next
// run reads them with the namespace and the CRDs in one `kubectl get`
// (actions/read_snapshot) instead of by Helm's instance label.
#include <string>
#include <vector>

namespace altinity_deploy::tools {

struct ObjectRef {
  std::string api_version;
  std::string kind;
  std::string name;
  std::string namespace_name;  // the manifest's, else the release's

  // KIND[.GROUP]/NAME: what `kubectl get` resolves.
  std::string resource() const;
  // Whether each part is a Kubernetes name (kind, API group and version,
  // object and namespace names): the stored manifest and the cache entry
  // are anyone's to write, and resource() becomes an argv element, so a
  // kind like `--server=https://elsewhere` must never reach kubectl.
  bool is_kubernetes_name() const;
  bool operator==(const ObjectRef&) const = default;
};

// At most this many refs are remembered (the chart has about a dozen
// objects); an entry with more is not used.
inline constexpr std::size_t kMaxRememberedRefs = 512;

// The refs of one revision of a release's stored manifest.
struct RememberedRefs {
  long revision = 0;
  std::vector<ObjectRef> refs;
  // false: a read of them by name failed (a kind refused or no longer
  // served): the next runs of this revision read by label instead of
  // paying for a failed get first.
  bool read_by_name = true;

  bool operator==(const RememberedRefs&) const = default;
};

}  // namespace altinity_deploy::tools
