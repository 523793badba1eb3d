#pragma once
// The one place that decides how a release's newest revision is read: from
// its Secrets with one `kubectl get` (Helm's default `secret` storage driver,
// see helm_release_secret.hpp), or with helm (`helm history --max 1`, plus
// `helm status` for the values and stored manifest) when Helm keeps releases
// elsewhere (HELM_DRIVER), when ALTINITY_DEPLOY_RELEASE_READER=helm asks for
// it, or when the Secrets cannot be read or look unlike Helm's format. The
// reads are calls for a concurrent batch (plan and status run them with
// connect's checks); a fallback to helm runs afterwards in a batch of its
// own and says why with -v.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/tools/helm_client.hpp"
#include "altinity_deploy/tools/kubectl_client.hpp"

namespace altinity_deploy::tools {

// True when the release can be read from its Secrets: HELM_DRIVER unset,
// `secret` or `secrets` (Helm's default driver), and not turned off with
// ALTINITY_DEPLOY_RELEASE_READER=helm.
bool release_in_secrets();
// Why not, for -v (e.g. "HELM_DRIVER=configmap: ..."); empty when it can.
std::string why_not_in_secrets();

class ReleaseReader {
 public:
  enum class Want {
    revision,             // status, revision, chart (`helm history --max 1` alone)
    revision_and_record,  // and the user values and stored manifest (plus `helm status`)
  };
  // Reads the release the clients are bound to (helm.release()).
  ReleaseReader(HelmClient& helm, KubectlClient& kubectl, Want want);
  ReleaseReader(const ReleaseReader&) = delete;
  ReleaseReader& operator=(const ReleaseReader&) = delete;

  // The calls of the batch; run them all before finish().
  std::vector<std::function<void()>> calls();
  // Decodes the Secrets' newest record, or, saying why with -v, asks helm.
  void finish();
  // Before finish(): whether a call of the batch failed.
  bool failed() const { return !secrets_ || !release_ || !stored_; }

  // After finish(). nullopt: no such release. Callers may move from them.
  Result<std::optional<ReleaseInfo>>& release() { return release_; }
  // After finish(); with Want::revision from helm, nullopt.
  Result<std::optional<StatusRecord>>& stored() { return stored_; }

 private:
  std::vector<std::function<void()>> helm_calls();

  HelmClient& helm_;
  KubectlClient& kubectl_;
  Want want_;
  bool from_secrets_ = false;
  Result<std::vector<nlohmann::json>> secrets_;
  Result<std::optional<ReleaseInfo>> release_;
  Result<std::optional<StatusRecord>> stored_;
};

}  // namespace altinity_deploy::tools
