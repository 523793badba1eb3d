// `destroy`: under the release lock, refuse while the operator still manages
// ClickHouse installations (unless --force), helm uninstall --wait (an absent
// release is success), delete the namespace the deployer created and wait for
// it (naming what is left when it does not go), keep the CRDs unless told.
#include <fmt/format.h>

#include "altinity_deploy/actions/destroy_guard.hpp"
#include "altinity_deploy/actions/record_outputs.hpp"
#include "altinity_deploy/actions/release_lock.hpp"
#include "altinity_deploy/actions/release_request.hpp"
#include "altinity_deploy/actions/verbs.hpp"
#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/outputs/status_block.hpp"
#include "altinity_deploy/spec/operator_chart.hpp"
#include "altinity_deploy/tools/tool_error.hpp"

namespace altinity_deploy::actions {
namespace {

// Why a namespace is still there, from its status.conditions (the namespace
// controller says which resources and which finalizers remain).
std::string what_remains(tools::KubectlClient& kubectl, const std::string& name) {
  auto doc = kubectl.get_json({"namespace", name});
  if (!doc || !*doc) return {};
  const nlohmann::json& ns = **doc;
  auto status = ns.find("status");
  if (status == ns.end() || !status->is_object()) return {};
  auto conditions = status->find("conditions");
  if (conditions == status->end() || !conditions->is_array()) return {};
  std::string text;
  for (const auto& condition : *conditions) {
    if (!condition.is_object() || condition.value("status", std::string{}) != "True") continue;
    const std::string message = condition.value("message", std::string{});
    if (message.empty()) continue;
    text += (text.empty() ? "" : "; ") + message;
  }
  return text;
}

// Returns what happened to the namespace, for the report. `existing` is the
// namespace as read before the uninstall. The lock's Lease lives in the
// namespace and goes with it, so the lock stops renewing first.
Result<std::string> delete_namespace(tools::KubectlClient& kubectl, const std::string& name,
                                     const std::optional<tools::NamespaceInfo>& existing, ReleaseLock* lock,
                                     int timeout_seconds) {
  if (!existing) return std::string("absent");
  auto label = existing->labels.find(kManagedByLabel);
  if (label == existing->labels.end() || label->second != kManagedByValue) {
    log::info("namespace '{}' was not created by altinity-deploy (no {}={} label); keeping it", name,
              kManagedByLabel, kManagedByValue);
    return std::string("kept (not created by altinity-deploy)");
  }
  if (lock != nullptr) lock->abandon();
  log::info("deleting namespace '{}' and waiting for it", name);
  auto result = kubectl.runner().run(kubectl.delete_namespace_command(name, timeout_seconds));
  if (!result) return tl::unexpected(result.error());
  if (result->ok()) return std::string("deleted");
  if (result->interrupted) return tools::tool_failure(fmt::format("deleting namespace '{}'", name), *result);

  const bool timed_out = result->timed_out || result->err.find("timed out waiting") != std::string::npos;
  Error error = timed_out ? Error{ExitCode::failed,
                                  fmt::format("namespace '{}' was not deleted within {}s", name, timeout_seconds), ""}
                          : tools::tool_failure(fmt::format("deleting namespace '{}'", name), *result).value();
  if (const std::string remains = what_remains(kubectl, name); !remains.empty()) {
    error.message += fmt::format("; it is still Terminating: {}", remains);
  }
  error.hint = fmt::format(
      "see what is left: kubectl get all,chi,chk -n {0}. A ClickHouse installation whose operator is gone keeps "
      "its finalizer; remove it with kubectl patch chi NAME -n {0} --type=merge -p "
      "'{{\"metadata\":{{\"finalizers\":null}}}}'",
      name);
  return tl::unexpected(error);
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

Outcome<DestroyResult> run_destroy(exec::CommandRunner& runner, const GlobalOptions& options,
                                   const DestroyOptions& destroy) {
  auto loaded = load_manifest(options);
  if (!loaded) return failed_report(loaded.error());
  const spec::OperatorSpec& spec = loaded->spec;
  // As `up` does: a manifest destroy could not clear afterwards would keep
  // saying "deployed"; fail before anything is uninstalled.
  if (destroy.write_status) {
    if (auto writable = outputs::check_manifest_writable(loaded->path); !writable) {
      Error error = writable.error();
      error.hint = "nothing was changed in the cluster. `destroy` removes the status block from the manifest: "
                   "make it (and its folder) writable, or pass --no-write-status";
      return failed_report(error);
    }
  }

  auto connection = connect(runner, options, spec);
  if (!connection) return failed_report(connection.error());
  auto& helm = (*connection)->helm;
  auto& kubectl = (*connection)->kubectl;

  // The lock's Lease lives in the release namespace: no namespace, nothing
  // to lock (and nothing of ours to delete there); a namespace being deleted
  // takes no new Lease.
  auto ns_info = kubectl.get_namespace(spec.namespace_name);
  if (!ns_info) return failed_report(ns_info.error());
  std::unique_ptr<ReleaseLock> lock;
  if (*ns_info && (*ns_info)->phase != "Terminating") {
    auto taken = ReleaseLock::acquire(kubectl, spec.namespace_name, spec.metadata.name,
                                      lock_options_for_helm(spec.helm.timeout_seconds, destroy.lock_timeout));
    if (!taken) return failed_report(taken.error());
    lock = std::move(*taken);
  }

  auto release = helm.latest_revision(spec.metadata.name, spec.namespace_name);
  if (!release) return failed_report(release.error());
  std::string release_result = "absent";
  std::vector<ClickHouseResource> left_behind;
  if (*release) {
    auto guard = check_destroy_safe(kubectl, spec, destroy.force);
    if (!guard) return failed_report(guard.error());
    left_behind = std::move(*guard);
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
    auto deleted = delete_namespace(kubectl, spec.namespace_name, *ns_info, lock.get(), spec.helm.timeout_seconds);
    if (!deleted) return failed_report(deleted.error());
    namespace_result = *deleted;
  }
  if (lock) lock->release();  // nothing to do when the namespace took the Lease with it

  std::string crds_result = "kept";
  if (destroy.delete_crds) {
    if (auto deleted = delete_crds(kubectl); !deleted) return failed_report(deleted.error());
    crds_result = "deleted";
  }

  DestroyResult result;
  result.manifest = loaded->path;
  result.diagnostics = loaded->warnings;
  result.manifest_updated = record_outputs(loaded->path, nullptr, destroy.write_status) == Recorded::written;
  result.release = spec.metadata.name;
  result.release_result = release_result;
  result.namespace_name = spec.namespace_name;
  result.namespace_result = namespace_result;
  result.crds_result = crds_result;
  result.left_behind = std::move(left_behind);
  return result;
}

}  // namespace altinity_deploy::actions
