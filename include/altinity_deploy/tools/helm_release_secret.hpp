#pragma once
// Helm's release records read straight from the cluster. Helm 3 and Helm 4
// keep each revision, by default (the `secret` storage driver), in a Secret
// `sh.helm.release.v1.<release>.v<revision>` of type helm.sh/release.v1,
// labelled owner=helm, name=<release>, version=<revision>, status=<status>.
// Its data key `release` holds base64 of gzip of the release's JSON (name,
// namespace, version, info, chart.metadata, config = the user's values,
// manifest, and on Helm 4 apply_method). One `kubectl get` of those Secrets
// answers what `helm history --max 1`, `helm get values` and `helm status`
// answer in three processes. Anything not in that shape is an error, so the
// caller falls back to asking helm.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/tools/helm_client.hpp"

namespace altinity_deploy::tools {

// A release Secret holds at most 1 MiB (the API server's limit); what it
// inflates to is capped well above any real chart.
inline constexpr std::size_t kMaxReleaseJsonBytes = 32U << 20;

struct StoredRelease {
  ReleaseInfo info;             // as `helm status` + `helm history --max 1` report it
  nlohmann::json user_values;   // as `helm get values -o json`: null when none
  std::string manifest;         // as `helm get manifest`: the rendered objects
};

// The label selector that lists a release's Secrets.
std::string release_secret_selector(const std::string& release);

// One Secret object as `kubectl get -o json` prints it.
Result<StoredRelease> decode_release_secret(const nlohmann::json& secret, const std::string& release,
                                            const std::string& ns);

// The newest revision among a release's Secrets (`items` of the list);
// nullopt when there is none. Only that one is decoded.
Result<std::optional<StoredRelease>> newest_stored_release(const std::vector<nlohmann::json>& secrets,
                                                           const std::string& release, const std::string& ns);

}  // namespace altinity_deploy::tools
