#include "altinity_deploy/actions/up_steps.hpp"

#include <fmt/format.h>

#include "altinity_deploy/actions/container_restarts.hpp"
#include "altinity_deploy/actions/crd_step.hpp"
#include "altinity_deploy/actions/fail_fast.hpp"
#include "altinity_deploy/actions/progress.hpp"
#include "altinity_deploy/actions/read_snapshot.hpp"
#include "altinity_deploy/actions/release_request.hpp"
#include "altinity_deploy/actions/values_file.hpp"
#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/exec/concurrent.hpp"
#include "altinity_deploy/exec/dry_run_runner.hpp"
#include "altinity_deploy/outputs/status_block.hpp"
#include "altinity_deploy/plan_json/release_plan_json.hpp"
#include "altinity_deploy/core/try.hpp"
#include "altinity_deploy/yaml/yaml_emitter.hpp"

namespace altinity_deploy::actions {
namespace {

// A namespace we create carries this label: destroy deletes only such a one.
std::map<std::string, std::string> our_namespace_labels() { return {{kManagedByLabel, kManagedByValue}}; }

tools::NamespaceInfo our_new_namespace() { return tools::NamespaceInfo{"Active", our_namespace_labels(), {}}; }

// After the lock's call met a namespace that appeared since the plan: what it
// is, so that up neither labels nor later deletes someone else's.
Status note_namespace(Connection& connection, plan::ReleasePlan& plan,
                      std::optional<tools::NamespacedLeaseWrite::Namespace> answer) {
  if (answer == tools::NamespacedLeaseWrite::Namespace::created) {
    plan.cluster.namespace_info = our_new_namespace();
    return {};
  }
  const std::string& name = connection.kubectl.release().namespace_name;
  TRY_ASSIGN(found, connection.kubectl.get_namespace());
  plan.cluster.namespace_info = std::move(found);
  if (!plan.cluster.namespace_info) {
    return fail(ExitCode::failed, fmt::format("namespace '{}' disappeared while this run took its lock", name),
                "another process is deleting it; run up again once it is gone");
  }
  return {};
}

// Whether prepare_cluster applies the chart's CRDs.
bool crds_applied(const plan::ReleasePlan& plan, const spec::OperatorSpec& spec, bool force) {
  return plan.needs_crds() || (force && spec.create_crds);
}

bool is_fresh(const tools::ReleaseInfo* release) { return release == nullptr || release->status == "uninstalled"; }

// What a dry run reports for the upgrade it only recorded: the next revision
// of the planned chart, status "dry-run".
tools::ReleaseInfo release_after_dry_run(const spec::OperatorSpec& spec, const plan::ReleasePlan& plan,
                                         const std::optional<tools::ReleaseInfo>& existing) {
  tools::ReleaseInfo release = existing.value_or(tools::ReleaseInfo{});
  release.name = spec.release_name();
  release.namespace_name = spec.namespace_name;
  release.revision += 1;
  release.status = "dry-run";
  release.chart_name = plan.desired.chart.name;
  release.chart_version = plan.desired.chart.version;
  return release;
}

// A failed upgrade's error with what the pods said last about containers
// that were OOMKilled or restarted (actions/container_restarts.hpp).
Error with_restarts(Error error, const std::optional<tools::Workloads>& pods, const spec::OperatorSpec& spec) {
  if (!pods) return error;
  const RestartDiagnosis diagnosis = diagnose_restarts(container_restarts(*pods, spec));
  for (const auto& line : diagnosis.lines) error.message += "\n" + line;
  if (!diagnosis.hint.empty()) error.hint = diagnosis.hint + (error.hint.empty() ? "" : "; " + error.hint);
  return error;
}

}  // namespace

Status check_plan_is_doable(const plan::ReleasePlan& plan, const spec::OperatorSpec& spec) {
  const auto& ns = plan.cluster.namespace_info;
  if (ns && ns->phase == "Terminating") {
    return fail(ExitCode::failed, fmt::format("namespace '{}' is being deleted", spec.namespace_name),
                "wait until it is gone (kubectl get namespace " + spec.namespace_name + "), then run up again");
  }
  return {};
}

void log_changes(const plan::ReleasePlan& plan, bool forced, core::EscapedText (*decorate)(const core::EscapedText&)) {
  if (plan.empty()) {
    if (forced) log::info("no changes; upgrading anyway (--force)");
    return;
  }
  log::info("changes:");
  for (const auto& change : plan.changes) {
    const core::EscapedText line = core::escaped_format("  {}", plan_json::change_line(change));
    log::write(log::Level::info, decorate != nullptr ? decorate(line) : line);
  }
}

Status prepare_cluster(Connection& connection, const spec::OperatorSpec& spec, const plan::ReleasePlan& plan,
                       bool force) {
  if (plan.cluster.namespace_info && !plan.cluster.namespace_info->labels.contains(kManagedByLabel)) {
    // A namespace someone else made stays theirs: we do not label it, so
    // that destroy will not delete it.
    log::info("namespace '{}' exists and was not created by altinity-deploy; using it as it is",
              spec.namespace_name);
  }
  if (crds_applied(plan, spec, force)) return apply_crds(connection.kubectl, plan.desired.crds);
  return {};
}

Result<std::unique_ptr<ReleaseLock>> take_lock(Connection& connection, plan::ReleasePlan& plan,
                                               LockOptions options) {
  const bool create_namespace = !plan.cluster.namespace_info;
  if (create_namespace) {
    log::info("creating namespace '{}'", connection.kubectl.release().namespace_name);
    options.create_namespace = our_namespace_labels();
  }
  TRY_ASSIGN(lock, ReleaseLock::acquire(connection.kubectl, std::move(options)));
  if (create_namespace) TRY(note_namespace(connection, plan, lock->namespace_answer()));
  return lock;
}

Status preview_namespace_creation(Connection& preview, plan::ReleasePlan& plan) {
  if (plan.cluster.namespace_info) return {};
  log::info("creating namespace '{}'", preview.kubectl.release().namespace_name);
  tools::LeaseClient lease(preview.kubectl, lease_name(preview.kubectl.release().name), our_namespace_labels());
  TRY(lease.create_with_namespace(tools::Lease{}, our_namespace_labels()));
  plan.cluster.namespace_info = our_new_namespace();
  return {};
}

Result<std::optional<tools::ReleaseInfo>> apply_plan(Connection& connection, const spec::OperatorSpec& spec,
                                                     const plan::ReleasePlan& plan, bool force,
                                                     const std::string& values_path,
                                                     std::chrono::seconds fail_fast_after) {
  TRY(prepare_cluster(connection, spec, plan, force));
  if (!plan.needs_helm() && !force) return std::optional<tools::ReleaseInfo>{};
  if (values_path.empty()) return fail(ExitCode::failed, "internal error: a helm upgrade without its values file");
  auto after = upgrade_release(connection, spec, plan, values_path, fail_fast_after);
  if (!after) {
    if (!crds_applied(plan, spec, force)) return tl::unexpected(after.error());
    return tl::unexpected(note_crds_kept(after.error(), plan.desired.crds, plan.release(), spec.helm.atomic));
  }
  return std::optional<tools::ReleaseInfo>{std::move(*after)};
}

Result<std::vector<exec::Command>> up_commands(const Connection& connection, const spec::OperatorSpec& spec,
                                               plan::ReleasePlan plan, bool force, const std::string& values_path) {
  if (plan.empty() && !force) return std::vector<exec::Command>{};
  exec::DryRunRunner dry_run;
  Connection preview{connection.helm.with_change_runner(dry_run), connection.kubectl.with_change_runner(dry_run),
                     connection.target, connection.server, connection.kubeconfig_source};
  // The steps say what they do ("creating namespace ..."); none of it happens here.
  const log::Settings settings = log::settings();
  log::Settings quiet = settings;
  quiet.quiet = true;
  log::configure(quiet);
  auto namespace_ready = preview_namespace_creation(preview, plan);
  auto applied = namespace_ready ? apply_plan(preview, spec, plan, force, values_path, std::chrono::seconds(0))
                                 : tl::unexpected(namespace_ready.error());
  log::configure(settings);
  if (!applied) return tl::unexpected(applied.error());
  return dry_run.commands();
}

Result<ValuesFile> prepare_local_files(const std::string& values_yaml, const std::string& manifest_path,
                                       bool write_status, const std::string& temp_dir) {
  auto values = ValuesFile::create(temp_dir, values_yaml);
  if (!values) {
    Error error = values.error();
    error.hint += "; nothing was changed in the cluster";
    return tl::unexpected(error);
  }
  if (write_status) {
    if (auto writable = outputs::check_manifest_writable(manifest_path); !writable) {
      Error error = writable.error();
      error.hint = "nothing was changed in the cluster. `up` writes status.outputs back into the manifest: make it "
                   "(and its folder) writable, or pass --no-write-status";
      return tl::unexpected(error);
    }
  }
  return values;
}

Result<tools::ReleaseInfo> upgrade_release(Connection& connection, const spec::OperatorSpec& spec,
                                           const plan::ReleasePlan& plan, const std::string& values_path,
                                           std::chrono::seconds fail_fast_after) {
  auto& helm = connection.helm;

  // Helm 4 keeps the apply method a release was installed with: the plan
  // has it when it read the release's record from its Secret; else only
  // `helm status` says which.
  std::optional<tools::ReleaseInfo> existing;
  if (!is_fresh(plan.release())) {
    existing = *plan.release();
    if (helm.major() >= 4 && existing->apply_method.empty()) {
      TRY_ASSIGN(status, helm.status());
      if (status) existing->apply_method = status->apply_method;
    }
  }
  const auto apply = choose_apply_method(helm.major(), existing ? &*existing : nullptr);
  if (helm.major() >= 4) log::debug("apply method: {}", apply.reason);

  // `up --force` re-runs the upgrade; it never asks helm to replace objects.
  const auto request = upgrade_request(spec, values_path, apply.method, false);
  log::info("{} release '{}' in namespace '{}' (chart {} {})", existing ? "upgrading" : "installing",
            spec.release_name(), spec.namespace_name, plan.desired.chart.name, plan.desired.chart.version);
  ProgressReporter progress(ProgressReporter::mode_for_terminal());
  // The last pod list the watcher read: what a failure says about restarts.
  std::optional<tools::Workloads> last_pods;
  PodsSeen on_pods;
  if (PodsSeen show = progress.callback(); show || fail_fast_after.count() > 0) {
    on_pods = [&last_pods, show = std::move(show)](const tools::Workloads& list) {
      last_pods = list;
      if (show) show(list);
    };
  }
  auto upgraded =
      helm.upgrade_install(request, fail_fast_watcher(connection.kubectl, fail_fast_after, {}, on_pods), kFailFastEvery);
  progress.finish();
  if (!upgraded) return tl::unexpected(with_restarts(upgraded.error(), last_pods, spec));
  auto& outcome = *upgraded;
  if (!outcome.stopped_because.empty()) {
    return tl::unexpected(
        with_restarts(fail_fast_error(outcome.stopped_because, fail_fast_after, outcome.result), last_pods, spec));
  }
  // helm printed the release it recorded; ask again only if that is unreadable.
  if (outcome.printed) {
    // Its objects' refs, for the next run's read (drift detection on).
    if (spec.drift_detection.mode != spec::DriftDetection::Mode::disabled) {
      remember_upgraded_release(connection, outcome.printed->revision, outcome.printed_manifest);
    }
    return std::move(*outcome.printed);
  }
  if (outcome.dry_run) return release_after_dry_run(spec, plan, existing);
  TRY_ASSIGN(after, helm.latest_revision());
  if (!after) return fail(ExitCode::failed, "helm reported success but the release is not there");
  return std::move(*after);
}

}  // namespace altinity_deploy::actions
