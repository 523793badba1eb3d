#pragma once
// The parts of read_snapshot that take a second step after the batch: the
// release (Secrets of all namespaces, of its namespace, or helm) and the live
// objects (by label, or by the names remembered from the last run, then the
// stored ones missing by name). Private to
// read_snapshot*.cpp.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "altinity_deploy/actions/configuration.hpp"
#include "altinity_deploy/snapshot/cluster_snapshot.hpp"
#include "altinity_deploy/tools/release_object_refs.hpp"

namespace altinity_deploy::actions {

using Batch = std::vector<std::function<void()>>;

// The release's newest revision (and its record) and every release in the cluster.
class ReleaseRead {
 public:
  ReleaseRead(Connection& connection, snapshot::SnapshotRequest::Release want, bool other_releases);
  ReleaseRead(const ReleaseRead&) = delete;
  ReleaseRead& operator=(const ReleaseRead&) = delete;

  void add_calls(Batch& batch);
  // A read of the batch that counts failed (the all-namespaces read may be refused).
  bool failed() const;
  // After the batch: the fallbacks; fills release, record and other_releases.
  Status finish(snapshot::ClusterSnapshot& snapshot);

 private:
  void ask_helm_calls(Batch& batch);

  Connection& connection_;
  snapshot::SnapshotRequest::Release want_;
  bool other_releases_;
  bool from_secrets_;
  Result<std::vector<nlohmann::json>> everywhere_;  // every current record (Secrets, all namespaces)
  Result<std::vector<tools::ReleaseInfo>> listed_;  // helm list, all namespaces
  Result<std::vector<nlohmann::json>> secrets_;     // the release's Secrets, its namespace
  Result<std::optional<tools::ReleaseInfo>> release_;
  Result<std::optional<tools::ReleaseContents>> record_;
};

// The stored manifest's objects by name, each in the namespace the
// manifest gives it, else the release's; nullopt when it does not parse.
std::optional<std::vector<tools::ObjectRef>> stored_object_refs(const std::string& stored_manifest,
                                                                const std::string& release_namespace);

// The stored objects `live` lacks and that were not `asked` for by name
// already, as KIND[.GROUP]/NAME by the namespace to look in.
std::map<std::string, std::vector<std::string>> stored_objects_missing(const std::vector<tools::ObjectRef>& stored,
                                                                      const std::vector<nlohmann::json>& live,
                                                                      const std::vector<tools::ObjectRef>& asked);

// The read cache's refs of the release's stored objects, and those of them
// the batch asked for by name with the namespace and the CRDs.
struct RememberedRead {
  std::optional<tools::RememberedRefs> remembered;
  std::vector<tools::ObjectRef> asked;
  bool fell_back = false;  // the get with them failed: read apart
};

// The remembered refs one get with the namespace and the CRDs can ask for:
// in the release's namespace (or cluster-wide), not a Namespace or a CRD
// (that get keeps those as the namespace and the CRDs).
std::vector<tools::ObjectRef> refs_to_ask(const tools::RememberedRefs& remembered, const std::string& release_namespace);

// After the batch: the live objects of the release into the snapshot, from
// `live` (the label read's, or the answer to the remembered refs) and the
// stored objects it lacks by name; remembers the stored refs for the next
// run. A failed read leaves drift unchecked.
void read_live_objects(Connection& c, Result<std::vector<nlohmann::json>> live, const RememberedRead& remembered,
                       snapshot::ClusterSnapshot& snapshot);

// The objects of `live` Helm says belong to the release (its release-name
// and release-namespace annotations).
std::vector<nlohmann::json> objects_of_release(std::vector<nlohmann::json> live, const tools::ReleaseRef& ref);

}  // namespace altinity_deploy::actions
