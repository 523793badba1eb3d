// `destroy`: helm uninstall --wait (an absent release is success), delete the
// namespace the deployer created and wait for it, keep the CRDs unless told.
#include <fmt/format.h>

#include "altinity_deploy/actions/record_outputs.hpp"
#include "altinity_deploy/actions/release_request.hpp"
#include "altinity_deploy/actions/verbs.hpp"
#include "altinity_deploy/spec/operator_chart.hpp"
#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/tools/tool_error.hpp"

namespace altinity_deploy::actions {
namespace {

// Returns what happened to the namespace, for the report.
Result<std::string> delete_namespace(tools::KubectlClient& kubectl, const std::string& name, int timeout_seconds) {
  auto existing = kubectl.get_namespace(name);
  if (!existing) return tl::unexpected(existing.error());
  if (!*existing) return std::string("absent");
  auto label = (*existing)->labels.find(kManagedByLabel);
  if (label == (*existing)->labels.end() || label->second != kManagedByValue) {
    log::info("namespace '{}' was not created by altinity-deploy (no {}={} label); keeping it", name,
              kManagedByLabel, kManagedByValue);
    return std::string("kept (not created by altinity-deploy)");
  }
  log::info("deleting namespace '{}' and waiting for it", name);
  auto result = kubectl.runner().run(kubectl.delete_namespace_command(name, timeout_seconds));
  if (!result) return tl::unexpected(result.error());
  if (!result->ok()) {
    auto error = tools::tool_failure(fmt::format("deleting namespace '{}'", name), *result).value();
    error.hint = fmt::format("see what is left: kubectl get all,chi,chk -n {}", name);
    return tl::unexpected(error);
  }
  return std::string("deleted");
}

Status delete_crds(tools::KubectlClient& kubectl) {
  std::vector<std::string> words = {"delete", "customresourcedefinition", "--ignore-not-found", "--wait"};
  words.insert(words.end(), spec::kOperatorCrds.begin(), spec::kOperatorCrds.end());
  log::warn("deleting the operator's CRDs: every ClickHouse cluster they describe is deleted with them");
  auto result = kubectl.run(std::move(words));
  if (!result) return tl::unexpected(result.error());
  if (!result->ok()) return tools::tool_failure("deleting the CRDs", *result);
  return {};
}

}  // namespace

Report run_destroy(exec::CommandRunner& runner, const GlobalOptions& options, const DestroyOptions& destroy) {
  auto loaded = load_manifest(options.manifest_path);
  if (!loaded) return failed_report(loaded.error());
  const spec::OperatorSpec& spec = loaded->spec;

  auto connection = connect(runner, options, spec);
  if (!connection) return failed_report(connection.error());
  auto& helm = (*connection)->helm;
  auto& kubectl = (*connection)->kubectl;

  auto release = helm.status(spec.metadata.name, spec.namespace_name);
  if (!release) return failed_report(release.error());
  std::string release_result = "absent";
  if (*release) {
    log::info("uninstalling release '{}' from namespace '{}'", spec.metadata.name, spec.namespace_name);
    auto result = runner.run(helm.uninstall_command(spec.metadata.name, spec.namespace_name, spec.helm.timeout_seconds));
    if (!result) return failed_report(result.error());
    if (!result->ok() && !tools::is_release_not_found(result->err)) {
      return failed_report(tools::tool_failure("helm uninstall", *result).value());
    }
    release_result = "uninstalled";
  } else {
    log::info("release '{}' is not installed in namespace '{}'", spec.metadata.name, spec.namespace_name);
  }

  std::string namespace_result = "kept (--keep-namespace)";
  if (!destroy.keep_namespace) {
    auto deleted = delete_namespace(kubectl, spec.namespace_name, spec.helm.timeout_seconds);
    if (!deleted) return failed_report(deleted.error());
    namespace_result = *deleted;
  }

  std::string crds_result = "kept";
  if (destroy.delete_crds) {
    if (auto deleted = delete_crds(kubectl); !deleted) return failed_report(deleted.error());
    crds_result = "deleted";
  }

  const bool written = record_outputs(loaded->path, nullptr, destroy.write_status);
  Report report;
  report.data = {{"ok", true},          {"release", spec.metadata.name}, {"releaseResult", release_result},
                 {"namespace", spec.namespace_name}, {"namespaceResult", namespace_result},
                 {"crds", crds_result}, {"manifestUpdated", written}};
  report.text = fmt::format("release '{}': {}; namespace '{}': {}; CRDs: {}\n", spec.metadata.name,
                            release_result, spec.namespace_name, namespace_result, crds_result);
  return report;
}

}  // namespace altinity_deploy::actions
