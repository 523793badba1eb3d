// `status`: what the cluster holds for this manifest. Changes nothing.
#include <optional>

#include "altinity_deploy/actions/container_restarts.hpp"
#include "altinity_deploy/actions/simulated_kubelet.hpp"
#include "altinity_deploy/actions/verbs.hpp"
#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/plan/crd_documents.hpp"
#include "altinity_deploy/redact/redaction.hpp"
#include "altinity_deploy/spec/operator_chart.hpp"
#include "altinity_deploy/tools/release_reader.hpp"

namespace altinity_deploy::actions {
namespace {

using nlohmann::json;

// The operator's Deployment, and its pods' restarted containers, from one read.
// kubectl fails a get of several kinds when one of them is forbidden.
Result<OperatorDeployment> operator_deployment(tools::KubectlClient& kubectl, const spec::OperatorSpec& spec) {
  auto objects = kubectl.workloads_of_release();
  if (!objects && objects.error().kind == ToolErrorKind::forbidden) {
    // An account that may read the Deployment but not list pods still gets
    // its status, without the restarts (only on this error path: one more call).
    log::debug("status: the pods could not be listed, so no restarts are shown: {}",
               redact::safe_message(objects.error().message));
    objects = kubectl.deployments_of_release();
  }
  if (!objects) return tl::unexpected(objects.error());
  for (const auto& why : objects->skipped) log::warn("status: left out of the release's workloads: {}", why);
  OperatorDeployment result;
  if (!objects->deployments.empty()) {
    const tools::Deployment& deployment = objects->deployments.front();
    result.found = true;
    result.name = deployment.name;
    result.replicas = static_cast<int>(deployment.replicas);
    result.ready_replicas = static_cast<int>(deployment.ready_replicas);
    result.available_replicas = static_cast<int>(deployment.available_replicas);
  }
  result.restarts = container_restarts(*objects, spec);
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

Result<CrdVersions> crds_present(tools::KubectlClient& kubectl) {
  auto found = kubectl.get_crds({spec::kOperatorCrds.begin(), spec::kOperatorCrds.end()});
  if (!found) return tl::unexpected(found.error());
  CrdVersions present;
  for (const char* name : spec::kOperatorCrds) present[name] = std::nullopt;
  for (const auto& crd : *found) {
    present[crd.value("/metadata/name"_json_pointer, std::string{})] = crd_version_label(crd);
  }
  return present;
}

}  // namespace

Outcome<StatusResult> run_status(exec::CommandRunner& runner, const GlobalOptions& options) {
  auto loaded = load_manifest(options);
  if (!loaded) return failed_report(loaded.error());
  const spec::OperatorSpec& spec = loaded->spec;
  // The release (from its Secrets, else helm history), the operator's
  // Deployment and the CRDs: read side by side with connect's checks.
  std::optional<tools::ReleaseReader> release_reader;
  Result<OperatorDeployment> deployment;
  Result<CrdVersions> crds;
  std::vector<std::string> simulated;
  auto connection = connect(runner, options, spec,
                            {[&](Connection& c) {
                               release_reader.emplace(c.helm, c.kubectl, tools::ReleaseReader::Want::revision);
                               auto calls = release_reader->calls();
                               calls.emplace_back(
                                   [&deployment, &c, &spec] { deployment = operator_deployment(c.kubectl, spec); });
                               calls.emplace_back([&crds, &c] { crds = crds_present(c.kubectl); });
                               calls.emplace_back([&simulated, &c] { simulated = simulated_nodes(c.kubectl); });
                               return calls;
                             },
                             [&] { return release_reader->failed() || !deployment || !crds; }});
  if (!connection) return failed_report(connection.error());
  release_reader->finish();
  auto& release = release_reader->release();
  if (!release) return failed_report(release.error());
  if (!deployment) return failed_report(deployment.error());
  if (!crds) return failed_report(crds.error());

  StatusResult result;
  result.manifest = loaded->path;
  result.diagnostics = loaded->warnings;
  result.release = spec.release_name();
  result.namespace_name = spec.namespace_name;
  result.installed = std::move(*release);
  result.operator_deployment = *deployment;
  result.crds = std::move(*crds);
  result.simulated_nodes = std::move(simulated);
  return result;
}

}  // namespace altinity_deploy::actions
