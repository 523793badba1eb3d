#pragma once
// Before destroy uninstalls the operator: the ClickHouseInstallations and
// ClickHouseKeeperInstallations it still manages carry its finalizer; once the
// operator is gone nobody removes it, so deleting them — and their namespaces —
// hangs. Destroy refuses while any exist, unless forced.
//
//   kubectl get clickhouseinstallations.clickhouse.altinity.com,
//               clickhousekeeperinstallations.clickhouse-keeper.altinity.com
//           --all-namespaces --output json --request-timeout=30s
// (one word, comma-joined; when a CRD is missing kubectl says "the server
// doesn't have a resource type" and each kind is asked for alone; a missing
// kind has none).
#include <string>
#include <vector>

#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/spec/operator_spec.hpp"
#include "altinity_deploy/tools/kubectl_client.hpp"

namespace altinity_deploy::actions {

using ClickHouseResource = tools::ClickHouseInstallation;

// Whether an operator in `operator_namespace` configured with these
// watch.namespaces (regular expressions matched against the whole name)
// watches `ns`. Its own namespace always; [] means only its own (all of them
// from kube-system). Patterns use Go's (RE2) syntax and are matched in linear
// time; one RE2 cannot read counts as matching.
bool operator_watches(const std::vector<std::string>& watch_namespaces, const std::string& operator_namespace,
                      const std::string& ns);

// The installations in `list` in watched namespaces, sorted by namespace,
// name and kind. Public for unit tests.
std::vector<ClickHouseResource> watched_installations(const tools::ClickHouseInstallations& list,
                                                      const spec::OperatorSpec& spec);

// Lists them in the cluster; none when the CRDs are not installed.
Result<std::vector<ClickHouseResource>> list_watched_installations(tools::KubectlClient& kubectl,
                                                                   const spec::OperatorSpec& spec);

// The check destroy runs before `helm uninstall`, over the listing its first
// batch of reads made: ExitCode::failed naming each installation when there
// are any, unless `force`; under force it warns what will be left hanging
// and returns them (also when listing failed: a warning, then an empty list).
Result<std::vector<ClickHouseResource>> check_destroy_safe(Result<std::vector<ClickHouseResource>> found,
                                                           bool force);

}  // namespace altinity_deploy::actions
