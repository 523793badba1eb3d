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
  bool operator==(const ObjectRef&) const = default;
};

// The refs of one revision of a release's stored manifest.
struct RememberedRefs {
  long revision = 0;
  std::vector<ObjectRef> refs;

  bool operator==(const RememberedRefs&) const = default;
};

}  // namespace altinity_deploy::tools
