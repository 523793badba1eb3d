#pragma once
// The parts of read_snapshot that take a second step after the batch: the
// release (Secrets of all namespaces, of its namespace, or helm) and the live
// objects (by label, then the stored ones missing by name). Private to
// read_snapshot*.cpp.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "altinity_deploy/actions/configuration.hpp"
#include "altinity_deploy/snapshot/cluster_snapshot.hpp"

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

// The live objects the stored manifest names that `labelled` (the label
// read) lacks, as KIND[.GROUP]/NAME by the namespace to look in (the one the
// manifest gives the object, else the release's); nothing when the manifest
// does not parse.
std::map<std::string, std::vector<std::string>> stored_objects_missing(const std::string& stored_manifest,
                                                                      const std::vector<nlohmann::json>& labelled,
                                                                      const std::string& release_namespace);

// The objects of `live` Helm says belong to the release (its release-name
// and release-namespace annotations).
std::vector<nlohmann::json> objects_of_release(std::vector<nlohmann::json> live, const tools::ReleaseRef& ref);

}  // namespace altinity_deploy::actions
