// `destroy`: its reads in one snapshot (read_snapshot); then, under the release lock,
// refuse while the operator still manages
// ClickHouse installations (unless --force), helm uninstall --wait (an absent
// release is success), delete the namespace the deployer created and wait for
// it (naming what is left when it does not go), keep the CRDs unless told.
#include <fmt/format.h>

#include "altinity_deploy/actions/destroy_guard.hpp"
#include "altinity_deploy/actions/read_snapshot.hpp"
#include "altinity_deploy/actions/status_write.hpp"
#include "altinity_deploy/actions/release_lock.hpp"
#include "altinity_deploy/actions/release_request.hpp"
#include "altinity_deploy/actions/verbs.hpp"
#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/outputs/status_block.hpp"
#include "altinity_deploy/spec/operator_chart.hpp"

namespace altinity_deploy::actions {
namespace {

// Why a namespace is still there, from its status.conditions (the namespace
// controller says which resources and which finalizers remain).
std::string what_remains(tools::KubectlClient& kubectl) {
  auto ns = kubectl.get_namespace();
  if (!ns || !*ns) return {};
  std::string text;
  for (const auto& message : (*ns)->conditions) text += (text.empty() ? "" : "; ") + message;
  return text;
}

// Returns what happened to the namespace, for the report. `existing` is the
// namespace as read before the uninstall. The lock's Lease lives in the
// namespace and goes with it, so the lock stops renewing first.
Result<NamespaceRemoval> delete_namespace(tools::KubectlClient& kubectl,
                                     const std::optional<tools::NamespaceInfo>& existing, ReleaseLock* lock,
                                     int timeout_seconds) {
  const std::string& name = kubectl.release().namespace_name;
  if (!existing) return NamespaceRemoval::absent;
  auto label = existing->labels.find(kManagedByLabel);
  if (label == existing->labels.end() || label->second != kManagedByValue) {
    log::info("namespace '{}' was not created by altinity-deploy (no {}={} label); keeping it", name,
              kManagedByLabel, kManagedByValue);
    return NamespaceRemoval::kept_not_ours;
  }
  if (lock != nullptr) lock->abandon();
  log::info("deleting namespace '{}' and waiting for it", name);
  auto deletion = kubectl.delete_namespace(timeout_seconds);
  if (deletion && *deletion == tools::NamespaceDeletion::deleted) return NamespaceRemoval::deleted;
  if (!deletion && deletion.error().code == ExitCode::interrupted) return tl::unexpected(deletion.error());

  Error error = deletion ? Error{ExitCode::failed,
                                 fmt::format("namespace '{}' was not deleted within {}s", name, timeout_seconds), ""}
                         : deletion.error();
  if (const std::string remains = what_remains(kubectl); !remains.empty()) {
    error.message += fmt::format("; it is still Terminating: {}", remains);
  }
  error.hint = fmt::format(
      "see what is left: kubectl get all,chi,chk -n {0}. A ClickHouse installation whose operator is gone keeps "
      "its finalizer; remove it with kubectl patch chi NAME -n {0} --type=merge -p "
      "'{{\"metadata\":{{\"finalizers\":null}}}}'",
      name);
  return tl::unexpected(error);
}

// The release, the namespace (not under the lock: its Lease is there) and the installations.
snapshot::SnapshotRequest destroy_request(bool first) {
  snapshot::SnapshotRequest request;
  request.connect_checks = first;
  request.release = snapshot::SnapshotRequest::Release::revision;
  if (first) request.namespace_read = snapshot::SnapshotRequest::Namespace::alone;
  request.installations = true;
  return request;
}

// The installations the operator watches among those listed.
Status delete_crds(tools::KubectlClient& kubectl) {
  log::warn("deleting the operator's CRDs: every ClickHouse cluster they describe is deleted with them");
  return kubectl.delete_crds({spec::kOperatorCrds.begin(), spec::kOperatorCrds.end()});
}

}  // namespace

Error destroy_not_confirmed() {
  return Error{ExitCode::failed, "destroy was not confirmed; nothing was changed",
               "answer y to remove them, or pass -y/--yes (off a terminal destroy does not ask)"};
}

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

  // What destroy decides on: the namespace, the release and the
  // installations the operator still manages.
  auto connection = connect(runner, options, spec);
  if (!connection) return failed_report(connection.error());
  auto& helm = (*connection)->helm;
  auto& kubectl = (*connection)->kubectl;
  auto read = read_snapshot(**connection, spec, destroy_request(true));
  if (!read) return failed_report(read.error());
  std::optional<tools::ReleaseInfo> release = std::move(read->release);
  const std::optional<tools::NamespaceInfo>& ns_info = read->namespace_info;
  Result<std::vector<ClickHouseResource>> installations = std::move(*read->installations);

  if (destroy.confirm) {
    DestroyPreview preview;
    preview.context = (*connection)->target.context;
    preview.server = (*connection)->target.server;
    preview.release = spec.metadata.name;
    if (release) preview.revision = release->revision;
    preview.namespace_name = spec.namespace_name;
    preview.namespace_exists = ns_info.has_value();
    preview.delete_namespace = !destroy.keep_namespace;
    if (destroy.delete_crds) preview.crds.assign(spec::kOperatorCrds.begin(), spec::kOperatorCrds.end());
    if (installations) preview.installations = *installations;
    if (preview.removes_anything() && !destroy.confirm(preview)) {
      return failed_report(destroy_not_confirmed());
    }
  }

  // The lock's Lease lives in the release namespace: no namespace, nothing
  // to lock (and nothing of ours to delete there); a namespace being deleted
  // takes no new Lease.
  std::unique_ptr<ReleaseLock> lock;
  if (ns_info && ns_info->phase != "Terminating") {
    auto taken = ReleaseLock::acquire(kubectl, lock_options_for_helm(spec.helm.timeout_seconds, destroy.lock_timeout));
    if (!taken) return failed_report(taken.error());
    lock = std::move(*taken);
    // Another run held the lock when we asked: what it did since counts.
    if (!lock->uncontended()) {
      auto again = read_snapshot(**connection, spec, destroy_request(false));
      if (!again) return failed_report(again.error());
      release = std::move(again->release);
      installations = std::move(*again->installations);
    }
  }

  ReleaseRemoval release_result = ReleaseRemoval::absent;
  std::vector<ClickHouseResource> left_behind;
  if (release) {
    auto guard = check_destroy_safe(std::move(installations), destroy.force);
    if (!guard) return failed_report(guard.error());
    left_behind = std::move(*guard);
    log::info("uninstalling release '{}' from namespace '{}'", spec.release_name(), spec.namespace_name);
    if (auto uninstalled = helm.uninstall(spec.helm.timeout_seconds); !uninstalled) {
      return failed_report(uninstalled.error());
    }
    release_result = ReleaseRemoval::uninstalled;
    // The remembered names are of objects now gone: the next install's run
    // reads by label instead of asking for them (a kind removed with them
    // would fail that get).
    kubectl.remember_release_refs({0, {}, false});
  } else {
    log::info("release '{}' is not installed in namespace '{}'", spec.release_name(), spec.namespace_name);
  }

  NamespaceRemoval namespace_result = NamespaceRemoval::kept_on_request;
  if (!destroy.keep_namespace) {
    auto deleted = delete_namespace(kubectl, ns_info, lock.get(), spec.helm.timeout_seconds);
    if (!deleted) return failed_report(deleted.error());
    namespace_result = *deleted;
  }
  if (lock) lock->release();  // nothing to do when the namespace took the Lease with it

  CrdsRemoval crds_result = CrdsRemoval::kept;
  if (destroy.delete_crds) {
    if (auto deleted = delete_crds(kubectl); !deleted) return failed_report(deleted.error());
    crds_result = CrdsRemoval::deleted;
  }

  DestroyResult result;
  result.manifest = loaded->path;
  result.diagnostics = loaded->warnings;
  result.manifest_updated = remove_outputs(*loaded, destroy.write_status) == StatusWrite::written;
  result.release = spec.release_name();
  result.release_result = release_result;
  result.namespace_name = spec.namespace_name;
  result.namespace_result = namespace_result;
  result.crds_result = crds_result;
  result.left_behind = std::move(left_behind);
  return result;
}

}  // namespace altinity_deploy::actions
