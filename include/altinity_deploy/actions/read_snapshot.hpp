#pragma once
// Every read of a run, in one place: the verb says what it needs
// (snapshot::SnapshotRequest), read_snapshot reads it and returns the plain
// snapshot::ClusterSnapshot. Inside: one concurrent batch of read-only calls
// with connect's checks (helm version, kubectl config view; the API
// server's version with -v or SnapshotRequest::server_version), then, only
// when an answer asks for it, a short second step:
//   - the API server's version when a read failed, to say it does not answer;
//   - the release from its namespace's Secrets when the all-namespaces read
//     of every release (which holds ours: its newest record is never
//     `superseded`) was refused, or from helm when the Secrets cannot be
//     read or decoded (tools/release_reader.hpp decides);
//   - the chart's CRDs beyond the operator's four;
//   - the release's stored objects the label read of its live objects did
//     not return (or, when the read cache remembered their refs from the
//     last run and the batch asked for them by name with the namespace, the
//     ones it did not ask for), by name, in one `kubectl get`.
#include <string>
#include <vector>

#include "altinity_deploy/actions/configuration.hpp"
#include "altinity_deploy/snapshot/cluster_snapshot.hpp"

namespace altinity_deploy::actions {

// Reads what `request` asks for about the manifest's release (the
// connection's clients are bound to it). Errors: connect's checks first
// (ExitCode::unavailable, the API server named), then the first required
// read that failed. Sets connection.target and connection.server and logs
// the target with connect's checks.
Result<snapshot::ClusterSnapshot> read_snapshot(Connection& connection, const spec::OperatorSpec& spec,
                                                const snapshot::SnapshotRequest& request);

// After `up` changed the release: the refs of the revision helm printed
// (`helm upgrade -o json`: its version and manifest, read by HelmClient)
// kept in the read cache, so the next run reads the live objects by name.
// Nothing when the manifest holds no object.
void remember_upgraded_release(Connection& connection, long revision, const std::string& manifest);

// What plan and up read for a plan: the release with its record, the
// namespace with the chart's CRDs, the chart (createCrds, a local chart), the
// live objects (drift detection on), and, with `other_releases`, every
// release in the cluster.
snapshot::SnapshotRequest plan_request(const spec::OperatorSpec& spec, bool other_releases);

}  // namespace altinity_deploy::actions
