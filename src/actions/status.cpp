// `status`: what the cluster holds for this manifest. Changes nothing.
#include "altinity_deploy/actions/verbs.hpp"
#include "altinity_deploy/plan/crd_documents.hpp"
#include "altinity_deploy/spec/operator_chart.hpp"

namespace altinity_deploy::actions {
namespace {

using nlohmann::json;

Result<OperatorDeployment> operator_deployment(tools::KubectlClient& kubectl, const spec::OperatorSpec& spec) {
  auto list = kubectl.get_json({"deployment", "--selector",
                                "app.kubernetes.io/instance=" + spec.metadata.name},
                               spec.namespace_name);
  if (!list) return tl::unexpected(list.error());
  OperatorDeployment result;
  if (!*list) return result;
  for (const auto& item : (**list).value("items", json::array())) {
    const json status = item.value("status", json::object());
    result.found = true;
    result.name = item.value("/metadata/name"_json_pointer, std::string{});
    result.replicas = item.value("/spec/replicas"_json_pointer, 0);
    result.ready_replicas = status.value("readyReplicas", 0);
    result.available_replicas = status.value("availableReplicas", 0);
    break;
  }
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
  std::vector<std::string> what = {"customresourcedefinition"};
  what.insert(what.end(), spec::kOperatorCrds.begin(), spec::kOperatorCrds.end());
  auto list = kubectl.get_json(what);
  if (!list) return tl::unexpected(list.error());
  CrdVersions present;
  for (const char* name : spec::kOperatorCrds) present[name] = std::nullopt;
  if (!*list) return present;
  const json& doc = **list;
  auto record = [&](const json& item) {
    present[item.value("/metadata/name"_json_pointer, std::string{})] = crd_version_label(item);
  };
  if (doc.contains("items")) {
    for (const auto& item : doc["items"]) record(item);
  } else {
    record(doc);
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

  auto release = (*connection)->helm.latest_revision(spec.metadata.name, spec.namespace_name);
  if (!release) return failed_report(release.error());
  auto deployment = operator_deployment((*connection)->kubectl, spec);
  if (!deployment) return failed_report(deployment.error());
  auto crds = crds_present((*connection)->kubectl);
  if (!crds) return failed_report(crds.error());

  StatusResult result;
  result.manifest = loaded->path;
  result.diagnostics = loaded->warnings;
  result.release = spec.metadata.name;
  result.namespace_name = spec.namespace_name;
  result.installed = std::move(*release);
  result.operator_deployment = *deployment;
  result.crds = std::move(*crds);
  return result;
}

}  // namespace altinity_deploy::actions
