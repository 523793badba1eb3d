// `status`: what the cluster holds for this manifest. Changes nothing.
#include <fmt/format.h>

#include "altinity_deploy/actions/verbs.hpp"
#include "altinity_deploy/plan/crd_documents.hpp"
#include "altinity_deploy/spec/operator_chart.hpp"

namespace altinity_deploy::actions {
namespace {

using nlohmann::json;

Result<json> operator_deployment(tools::KubectlClient& kubectl) {
  auto list = kubectl.deployments_of_release();
  if (!list) return tl::unexpected(list.error());
  json result = {{"found", false}};
  for (const auto& item : *list) {
    const json status = item.value("status", json::object());
    result = {{"found", true},
              {"name", item.value("/metadata/name"_json_pointer, std::string{})},
              {"replicas", item.value("/spec/replicas"_json_pointer, 0)},
              {"readyReplicas", status.value("readyReplicas", 0)},
              {"availableReplicas", status.value("availableReplicas", 0)}};
    result["ready"] = result["replicas"].get<int>() > 0 &&
                      result["availableReplicas"].get<int>() >= result["replicas"].get<int>();
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

Result<json> crds_present(tools::KubectlClient& kubectl) {
  auto found = kubectl.get_crds({spec::kOperatorCrds.begin(), spec::kOperatorCrds.end()});
  if (!found) return tl::unexpected(found.error());
  json present = json::object();
  for (const char* name : spec::kOperatorCrds) present[name] = nullptr;
  for (const auto& crd : *found) {
    present[crd.value("/metadata/name"_json_pointer, std::string{})] = crd_version_label(crd);
  }
  return present;
}

}  // namespace

Report run_status(exec::CommandRunner& runner, const GlobalOptions& options) {
  auto loaded = load_manifest(options.manifest_path);
  if (!loaded) return failed_report(loaded.error());
  const spec::OperatorSpec& spec = loaded->spec;
  auto connection = connect(runner, options, spec);
  if (!connection) return failed_report(connection.error());

  auto release = (*connection)->helm.latest_revision();
  if (!release) return failed_report(release.error());
  auto deployment = operator_deployment((*connection)->kubectl);
  if (!deployment) return failed_report(deployment.error());
  auto crds = crds_present((*connection)->kubectl);
  if (!crds) return failed_report(crds.error());

  Report report;
  report.data = {{"ok", true}, {"release", spec.metadata.name}, {"namespace", spec.namespace_name},
                 {"installed", release->has_value()}, {"operator", *deployment}, {"crds", *crds}};
  if (*release) {
    const auto& info = **release;
    report.data["helmStatus"] = info.status;
    report.data["revision"] = info.revision;
    report.data["chartVersion"] = info.chart_version;
    report.data["appVersion"] = info.app_version;
    report.data["lastDeployed"] = info.last_deployed;
    report.text = fmt::format("release     {} (namespace {})\nstatus      {}\nrevision    {}\nchart       {}\napp         {}\n",
                              info.name, spec.namespace_name, info.status, info.revision, info.chart_version,
                              info.app_version);
  } else {
    report.text = fmt::format("release     {} (namespace {})\nstatus      not installed\n", spec.metadata.name,
                              spec.namespace_name);
  }
  const json& op = *deployment;
  report.text += op["found"].get<bool>()
                     ? fmt::format("operator    {}/{} ready ({})\n", op["readyReplicas"].get<int>(),
                                   op["replicas"].get<int>(), op["name"].get<std::string>())
                     : std::string("operator    no Deployment found\n");
  for (const auto& [name, value] : crds->items()) {
    report.text += fmt::format("crd         {} {}\n", name,
                               value.is_null() ? "missing" : "present (" + value.get<std::string>() + ")");
  }
  return report;
}

}  // namespace altinity_deploy::actions
