#pragma once
// Every Helm release in the cluster, in all namespaces: what `plan` and `up`
// look through for another release of the operator's chart
// (plan/other_operators.hpp). One read-only call of actions::read_snapshot's batch:
//   - Helm's default `secret` storage driver: `kubectl get secrets
//     --all-namespaces --selector owner=helm,status!=superseded`.
//     The API server filters on the labels, so superseded history does not
//     travel. `uninstalled` records must come back: a release uninstalled with
//     --keep-history may keep an older `failed` record, which would otherwise
//     pass for its current one. Each record is decoded here
//     (helm_release_secret.hpp) for its chart's name and version, which no
//     label carries.
//   - HELM_DRIVER set to another driver, or ALTINITY_DEPLOY_RELEASE_READER=helm
//     (release_reader.hpp decides): `helm list --all-namespaces --deployed
//     --failed --pending -o json`, whose chart column is NAME-VERSION.
// A Secret that does not decode as Helm's is left out (said with -v).
#include <vector>

#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/tools/helm_client.hpp"
#include "altinity_deploy/tools/kubectl_client.hpp"

namespace altinity_deploy::tools {

// The label selector of the Secrets of releases that may run something.
inline constexpr const char* kCurrentReleaseSelector = "owner=helm,status!=superseded";

// The newest record of each release among `secrets` (a release whose newer
// revision failed keeps an older `failed` one), decoded; undecodable ones left out.
std::vector<ReleaseInfo> current_releases(const std::vector<nlohmann::json>& secrets);

}  // namespace altinity_deploy::tools
