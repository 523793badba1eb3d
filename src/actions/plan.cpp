// `plan` (also `diff`, `preview`, and `up --dry-run`): what `up` would
// change, read-only. It creates nothing, not even the namespace, and takes
// no lock.
#include "altinity_deploy/actions/connect_and_plan.hpp"
#include "altinity_deploy/actions/object_plan.hpp"
#include "altinity_deploy/actions/saved_plan_file.hpp"
#include "altinity_deploy/actions/up_steps.hpp"
#include "altinity_deploy/actions/verbs.hpp"
#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/plan/release_plan.hpp"

namespace altinity_deploy::actions {
namespace {

// --out FILE: the plan saved; up --plan FILE --dry-run: refused when stale.
Status save_or_check(const Connection& connection, const LoadedManifest& manifest, const plan::ReleasePlan& plan,
                     const PlanOptions& plan_options, const nlohmann::json* saved) {
  if (plan_options.out_file.empty() && saved == nullptr) return {};
  auto now = saved_plan_for(connection, manifest, plan, plan_options.tool_version);
  if (!now) return tl::unexpected(now.error());
  if (saved != nullptr) {
    if (auto current = check_saved_plan(*saved, *now, plan_options.saved_plan); !current) return current;
    log::info("the saved plan '{}' still holds", plan_options.saved_plan);
  }
  if (plan_options.out_file.empty()) return {};
  if (auto written = write_saved_plan(plan_options.out_file, *now); !written) return written;
  log::info("plan saved to '{}' ({}); apply it with: altinity-deploy up --plan {}", plan_options.out_file,
            (*now)["digest"].get<std::string>(), plan_options.out_file);
  return {};
}

}  // namespace

Outcome<PlanResult> run_plan(exec::CommandRunner& runner, const GlobalOptions& options,
                             const PlanOptions& plan_options) {
  std::optional<nlohmann::json> saved;
  GlobalOptions global = options;
  if (!plan_options.saved_plan.empty()) {
    auto read = read_saved_plan_and_manifest(plan_options.saved_plan, global);
    if (!read) return failed_report(read.error());
    saved = std::move(*read);
  }
  auto loaded = load_manifest(global);
  if (!loaded) return failed_report(loaded.error());
  const spec::OperatorSpec& spec = loaded->spec;

  plan::PlanSettings settings;
  settings.rotate_operator_password = plan_options.rotate_operator_password;
  settings.allow_second_operator = plan_options.allow_second_operator;
  auto planned = connect_and_plan(runner, global, spec, settings);
  if (!planned) return failed_report(planned.error());
  if (auto objects = add_object_plan(*planned->connection, spec, planned->plan, global.temp_dir); !objects) {
    return failed_report(objects.error());
  }
  if (auto kept = save_or_check(*planned->connection, *loaded, planned->plan, plan_options, saved ? &*saved : nullptr);
      !kept) {
    return failed_report(kept.error());
  }

  PlanResult result;
  result.manifest = loaded->path;
  result.diagnostics = loaded->warnings;
  result.spec = spec;
  result.plan = std::move(planned->plan);
  result.dry_run = plan_options.dry_run;
  result.full_diff = plan_options.diff == "full";
  // The commands `up` would run for this plan (up's own steps, changes
  // recorded, not run); the values file as "<values-file>".
  auto commands = up_commands(*planned->connection, spec, result.plan, false, kValuesFilePlaceholder);
  if (!commands) return failed_report(commands.error());
  for (const auto& command : *commands) result.commands.push_back(command.display());
  if (!result.plan.empty() && plan_options.detailed_exitcode) result.code = ExitCode::changes_pending;
  return result;
}

}  // namespace altinity_deploy::actions
