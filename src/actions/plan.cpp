// `plan` (also `diff`, `preview`, and `up --dry-run`): what `up` would
// change, read-only. It creates nothing, not even the namespace, and takes
// no lock.
#include "altinity_deploy/actions/connect_and_plan.hpp"
#include "altinity_deploy/actions/object_plan.hpp"
#include "altinity_deploy/actions/up_steps.hpp"
#include "altinity_deploy/actions/verbs.hpp"
#include "altinity_deploy/plan/release_plan.hpp"

namespace altinity_deploy::actions {

Outcome<PlanResult> run_plan(exec::CommandRunner& runner, const GlobalOptions& options,
                             const PlanOptions& plan_options) {
  auto loaded = load_manifest(options);
  if (!loaded) return failed_report(loaded.error());
  const spec::OperatorSpec& spec = loaded->spec;

  plan::PlanSettings settings;
  settings.rotate_operator_password = plan_options.rotate_operator_password;
  settings.allow_second_operator = plan_options.allow_second_operator;
  auto planned = connect_and_plan(runner, options, spec, settings);
  if (!planned) return failed_report(planned.error());
  if (auto objects = add_object_plan(*planned->connection, spec, planned->plan, options.temp_dir); !objects) {
    return failed_report(objects.error());
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
