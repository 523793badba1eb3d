// `up`: validate, check the cluster, plan (read-only), perform only what the
// plan lists, write status.outputs back into the manifest. An empty plan starts no helm upgrade
// and writes no revision; the outputs are refreshed all the same.
#include <optional>
#include <string>
#include <vector>

#include "altinity_deploy/actions/connect_and_plan.hpp"
#include "altinity_deploy/actions/status_write.hpp"
#include "altinity_deploy/actions/release_lock.hpp"
#include "altinity_deploy/actions/release_request.hpp"
#include "altinity_deploy/actions/saved_plan_file.hpp"
#include "altinity_deploy/actions/simulated_kubelet.hpp"
#include "altinity_deploy/actions/stuck_release.hpp"
#include "altinity_deploy/actions/up_steps.hpp"
#include "altinity_deploy/actions/verbs.hpp"
#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/exec/concurrent.hpp"
#include "altinity_deploy/plan/release_plan.hpp"
#include "altinity_deploy/plan_json/release_plan_json.hpp"
#include "altinity_deploy/yaml/yaml_emitter.hpp"

namespace altinity_deploy::actions {
namespace {

struct Performed {
  UpAction action;
  tools::ReleaseInfo release;
};

// Drift is corrected by the same helm upgrade that applies other changes
// (docs/drift.md, "How up corrects drift"); drift_corrected when it was
// the only reason for the upgrade.
bool only_drift(const plan::ReleasePlan& plan) {
  if (plan.changes.empty()) return false;
  for (const auto& change : plan.changes) {
    if (change.kind != plan::Change::Kind::drift) return false;
  }
  return true;
}

// The objects up restores: all drift, when it counts as a change.
std::vector<std::string> corrected_objects(const plan::ReleasePlan& plan, const spec::OperatorSpec& spec) {
  std::vector<std::string> refs;
  if (spec.drift_detection.mode != spec::DriftDetection::Mode::enabled) return refs;
  for (const auto& object : plan.drift) refs.push_back(object.ref());
  return refs;
}

bool nothing_to_do(const plan::ReleasePlan& plan, const UpOptions& up) { return plan.empty() && !up.force; }

plan::PlanSettings plan_settings(const UpOptions& up) {
  plan::PlanSettings settings;
  settings.rotate_operator_password = up.rotate_operator_password;
  settings.allow_second_operator = up.allow_second_operator;
  return settings;
}

std::vector<std::string> plan_lines(const plan::ReleasePlan& plan) {
  std::vector<std::string> lines;
  for (const auto& change : plan.changes) lines.push_back(plan_json::change_line(change).str());
  return lines;
}

// Everything the plan lists, in order: CRDs and namespace, then helm
// (up_steps' apply_plan, which up_commands also runs for the dry run).
Result<Performed> perform(Connection& connection, const spec::OperatorSpec& spec, const plan::ReleasePlan& plan,
                          const UpOptions& up, const std::string& values_path) {
  const tools::ReleaseInfo* before = plan.release();
  if (nothing_to_do(plan, up)) {
    log::info("no changes: release '{}' matches the manifest", spec.release_name());
    return Performed{UpAction::unchanged, *before};
  }
  auto after = apply_plan(connection, spec, plan, up.force, values_path, up.fail_fast_after);
  if (!after) return tl::unexpected(after.error());
  if (!*after) return Performed{UpAction::crds_updated, *before};
  const bool installed = before == nullptr || before->status == "uninstalled";
  if (!installed && only_drift(plan) && !up.force) return Performed{UpAction::drift_corrected, std::move(**after)};
  return Performed{installed ? UpAction::installed : UpAction::upgraded, std::move(**after)};
}

// Under the lock: a release a killed run left pending-* is rolled back (or
// removed when it never deployed), then the plan is made again, since what
// the cluster holds has changed.
Result<plan::ReleasePlan> recover_if_stuck(Connection& connection, const spec::OperatorSpec& spec,
                                           plan::ReleasePlan plan, const UpOptions& up) {
  const tools::ReleaseInfo* release = plan.release();
  if (release == nullptr || !release->is_pending()) return plan;
  if (!up.recover) return tl::unexpected(stuck_release_error(*release));
  auto done = recover_stuck_release(connection.helm, *release, spec.helm.timeout_seconds);
  if (!done) return tl::unexpected(done.error());
  log::info("recovered: {}", *done);
  return replan(connection, spec, plan_settings(up));
}

// True when the release is still what the plan saw: same revision, same
// status. One `helm history --max 1` instead of making the whole plan again.
Result<bool> release_unchanged(Connection& connection, const plan::ReleasePlan& plan) {
  auto now = connection.helm.latest_revision();
  if (!now) return tl::unexpected(now.error());
  const tools::ReleaseInfo* seen = plan.release();
  if (!*now || seen == nullptr) return !*now && seen == nullptr;
  return (*now)->revision == seen->revision && (*now)->status == seen->status;
}

// A run that will change something takes the release lock first. Another
// run may have changed the release between the plan and the lock (most
// likely while we waited for it): then the plan is made again under the lock.
Result<plan::ReleasePlan> lock_and_replan(Connection& connection, const spec::OperatorSpec& spec,
                                          plan::ReleasePlan plan, const UpOptions& up,
                                          std::unique_ptr<ReleaseLock>& lock) {
  auto taken = take_lock(connection, plan, lock_options_for_helm(spec.helm.timeout_seconds, up.lock_timeout));
  if (!taken) return tl::unexpected(taken.error());
  lock = std::move(*taken);
  // With the Lease absent when we asked, no run held the lock during the
  // plan's reads; one that took it since cannot have finished a helm
  // upgrade in the few hundred milliseconds in between, and a run caught
  // mid-upgrade shows as pending-*. Only then is the plan certainly current.
  const tools::ReleaseInfo* seen = plan.release();
  const bool plan_is_current = lock->uncontended() && (seen == nullptr || !seen->is_pending());
  auto unchanged = plan_is_current ? Result<bool>(true) : release_unchanged(connection, plan);
  if (!unchanged) return tl::unexpected(unchanged.error());
  if (!*unchanged) {
    log::info("the release changed while this run waited for the lock; planning again");
    auto fresh = replan(connection, spec, plan_settings(up));
    if (!fresh) return fresh;
    // The other operators were looked for in the first batch (not again
    // here): keep what was found, so that -o json still reports it.
    fresh->other_operators = std::move(plan.other_operators);
    plan = std::move(*fresh);
  }
  return recover_if_stuck(connection, spec, std::move(plan), up);
}

// up --plan FILE: the saved plan against the plan made now. Under the lock
// (`lock_made_namespace`: the namespace is there because the lock's call
// created it, which the saved plan could not have seen) the namespace is
// taken as it was read before the lock.
Status check_saved(const std::optional<nlohmann::json>& saved, const UpOptions& up, const Connection& connection,
                   const LoadedManifest& manifest, const plan::ReleasePlan& plan, bool lock_made_namespace = false) {
  if (!saved) return {};
  auto now = saved_plan_for(connection, manifest, plan, {});
  if (!now) return tl::unexpected(now.error());
  const nlohmann::json::json_pointer seen_namespace("/read/namespace");
  if (lock_made_namespace && saved->contains(seen_namespace)) (*now)[seen_namespace] = saved->at(seen_namespace);
  return check_saved_plan(*saved, *now, up.plan_file);
}

UpResult build_result(const LoadedManifest& manifest, plan::ReleasePlan plan, Performed outcome, bool write_status) {
  UpResult result;
  result.manifest = manifest.path;
  result.diagnostics = manifest.warnings;
  result.outputs = release_outputs(manifest.spec.namespace_name, outcome.release);
  if (outcome.action != UpAction::unchanged && outcome.action != UpAction::installed) {
    result.drift_corrected = corrected_objects(plan, manifest.spec);
  }
  if (!result.drift_corrected.empty()) {
    result.outputs.emplace_back("driftCorrected", std::to_string(result.drift_corrected.size()));
  }
  result.status_write = write_outputs(manifest, result.outputs, write_status);
  result.spec = manifest.spec;
  result.plan = std::move(plan);
  result.action = outcome.action;
  result.release = std::move(outcome.release);
  return result;
}

}  // namespace

Outcome<UpResult> run_up(exec::CommandRunner& runner, const GlobalOptions& given, const UpOptions& up) {
  // up --plan FILE: read (and checked) before anything else.
  GlobalOptions options = given;
  std::optional<nlohmann::json> saved;
  if (!up.plan_file.empty()) {
    auto read = read_saved_plan_and_manifest(up.plan_file, options, up.plan_document);
    if (!read) return failed_report(read.error());
    saved = std::move(*read);
  }
  auto manifest = load_manifest(options);
  if (!manifest) return failed_report(manifest.error());
  const spec::OperatorSpec& spec = manifest->spec;

  auto planned = connect_and_plan(runner, options, spec, plan_settings(up));
  if (!planned) return failed_report(planned.error());
  Connection& connection = *planned->connection;
  std::optional<plan::ReleasePlan> plan = std::move(planned->plan);
  // A stale saved plan is refused before anything is touched.
  if (auto current = check_saved(saved, up, connection, *manifest, *plan); !current) {
    return failed_report(current.error());
  }
  if (saved) log::info("the saved plan '{}' still holds; applying it", up.plan_file);
  if (auto doable = check_plan_is_doable(*plan, spec); !doable) return failed_report(doable.error());
  // Before the lock, the namespace or anything else is touched.
  if (auto alone = plan::refuse_second_operator(plan->other_operators); !alone) return failed_report(alone.error());
  if (const std::string beside = plan::beside_warning(plan->other_operators); !beside.empty()) {
    log::warn("{}", beside);
  }

  // A converged release needs no lock: nothing will change. The lock is
  // declared after the connection so that it is given back before the
  // kubectl client goes away, on every path out of here.
  std::unique_ptr<ReleaseLock> lock;
  std::optional<ValuesFile> values;
  // The local test cluster's simulated nodes (the closing note): read only
  // when up deploys, beside its first change step (the lock).
  std::vector<std::string> simulated;
  const tools::ReleaseInfo* found = plan->release();
  if (!nothing_to_do(*plan, up) || (found != nullptr && found->is_pending())) {
    // What can fail here fails before the namespace, the lock or the CRDs
    // are touched.
    const std::string planned_values = yaml::emit(plan->desired.values_tree);
    auto prepared = prepare_local_files(planned_values, manifest->path, up.write_status, options.temp_dir);
    if (!prepared) return failed_report(prepared.error());
    values.emplace(std::move(*prepared));
    // The plan is shown before the first change (the namespace the lock
    // lives in), and again only when the lock made it different.
    log_changes(*plan, up.force, up.change_colour);
    Result<plan::ReleasePlan> locked;
    exec::run_concurrently({[&] { locked = lock_and_replan(connection, spec, *plan, up, lock); },
                            [&] { simulated = simulated_nodes(connection.kubectl); }});
    if (!locked) return failed_report(locked.error());
    // Another run may have changed the release while this one waited.
    if (auto current = check_saved(saved, up, connection, *manifest, *locked, !plan->cluster.namespace_info);
        !current) {
      return failed_report(current.error());
    }
    if (plan_lines(*locked) != plan_lines(*plan)) log_changes(*locked, up.force, up.change_colour);
    plan = std::move(*locked);
    // Planned again under the lock (another run may have deployed a
    // generated password meanwhile): helm gets the values of this plan.
    if (const std::string replanned = yaml::emit(plan->desired.values_tree); replanned != planned_values) {
      values.reset();
      auto rewritten = ValuesFile::create(options.temp_dir, replanned);
      if (!rewritten) return failed_report(rewritten.error());
      values.emplace(std::move(*rewritten));
    }
  }

  auto outcome = perform(connection, spec, *plan, up, values ? values->path() : std::string{});
  if (!outcome) {
    if (lock) lock->release();
    return failed_report(outcome.error());
  }
  // The Lease's delete (a kubectl round trip) and the manifest's write-back
  // touch different things: side by side.
  std::optional<UpResult> result;
  exec::run_concurrently({[&] {
                            if (lock) lock->release();
                          },
                          [&] { result = build_result(*manifest, std::move(*plan), std::move(*outcome), up.write_status); }});
  result->simulated_nodes = std::move(simulated);
  return std::move(*result);
}

}  // namespace altinity_deploy::actions
