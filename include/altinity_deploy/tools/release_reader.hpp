#pragma once
// The one place that decides how a release's newest revision is read: from
// its Secrets with one `kubectl get` (Helm's default `secret` storage driver,
// see helm_release_secret.hpp), or with helm (`helm history --max 1`, plus
// `helm status` for the values and stored manifest) when Helm keeps releases
// elsewhere (HELM_DRIVER), when ALTINITY_DEPLOY_RELEASE_READER=helm asks for
// it, or when the Secrets cannot be read or look unlike Helm's format.
// actions::read_snapshot runs the reads; here are the decision and the
// decoding, as plain functions.
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

// A release's newest revision as read from Helm's Secrets: its status,
// chart, values and stored manifest.
struct ReleaseFromSecrets {
  std::optional<ReleaseInfo> release;  // nullopt: no such release
  std::optional<ReleaseContents> record;  // set with release
};

// The Secrets of `ref` among `secrets` (by namespace and the `name` label):
// the all-namespaces read of every current record holds the newest of ours,
// which is never `superseded`.
std::vector<nlohmann::json> secrets_of_release(const std::vector<nlohmann::json>& secrets, const ReleaseRef& ref);

// The newest record among the release's Secrets, decoded; an Error (the
// caller then asks helm) when they look unlike Helm's.
Result<ReleaseFromSecrets> release_from_secrets(const std::vector<nlohmann::json>& secrets, const ReleaseRef& ref);

}  // namespace altinity_deploy::tools
