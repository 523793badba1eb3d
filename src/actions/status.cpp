// `status`: what the cluster holds for this manifest. Changes nothing.
#include <optional>

#include "altinity_deploy/actions/container_restarts.hpp"
#include "altinity_deploy/actions/read_snapshot.hpp"
#include "altinity_deploy/actions/verbs.hpp"
#include "altinity_deploy/plan/crd_documents.hpp"
#include "altinity_deploy/spec/operator_chart.hpp"

namespace altinity_deploy::actions {
namespace {

using nlohmann::json;

// The operator's Deployment, and its pods' restarted containers, from the
// snapshot's workloads (pods too, unless the account may not list them).
OperatorDeployment operator_deployment(const tools::Workloads& objects, const spec::OperatorSpec& spec) {
  OperatorDeployment result;
  if (!objects.deployments.empty()) {
    const tools::Deployment& deployment = objects.deployments.front();
    result.found = true;
    result.name = deployment.name;
    result.replicas = static_cast<int>(deployment.replicas);
    result.ready_replicas = static_cast<int>(deployment.ready_replicas);
    result.available_replicas = static_cast<int>(deployment.available_replicas);
  }
  result.restarts = container_restarts(objects, spec);
  return result;
}

// The operator version a CRD was shipped with: the Keeper CRD carries its
// own group's label, the others clickhouse.altinity.com's.
std::string crd_version_label(const json& crd) {
  const json labels = crd.value("/metadata/labels"_json_pointer, json::object());
  for (const char* label : {plan::kCrdVersionLabel, plan::kKeeperCrdVersionLabel}) {
    if (auto it = labels.find(label); it != labels.end() && it->is_string()) return it->get<std::string>();
  }
  return "no version label";
}

using CrdVersions = std::map<std::string, std::optional<std::string>>;

CrdVersions crds_present(const std::vector<json>& found) {
  CrdVersions present;
  for (const char* name : spec::kOperatorCrds) present[name] = std::nullopt;
  for (const auto& crd : found) {
    present[crd.value("/metadata/name"_json_pointer, std::string{})] = crd_version_label(crd);
  }
  return present;
}

}  // namespace

Outcome<StatusResult> run_status(exec::CommandRunner& runner, const GlobalOptions& options) {
  auto loaded = load_manifest(options);
  if (!loaded) return failed_report(loaded.error());
  const spec::OperatorSpec& spec = loaded->spec;
  auto connection = connect(runner, options, spec);
  if (!connection) return failed_report(connection.error());
  snapshot::SnapshotRequest request;
  request.release = snapshot::SnapshotRequest::Release::revision;
  request.operator_workloads = true;
  request.operator_crds = true;
  request.simulated_nodes = true;
  auto read = read_snapshot(**connection, spec, request);
  if (!read) return failed_report(read.error());

  StatusResult result;
  result.manifest = loaded->path;
  result.diagnostics = loaded->warnings;
  result.release = spec.release_name();
  result.namespace_name = spec.namespace_name;
  result.installed = std::move(read->release);
  result.operator_deployment = operator_deployment(read->operator_workloads, spec);
  result.crds = crds_present(read->crd_objects);
  result.simulated_nodes = std::move(read->simulated_nodes);
  return result;
}

}  // namespace altinity_deploy::actions
