// `plan` (also `diff`, `preview`): what `up` would change, read-only. It
// creates nothing, not even the namespace, and takes no lock.
#include "altinity_deploy/actions/connect_and_plan.hpp"
#include "altinity_deploy/actions/verbs.hpp"
#include "altinity_deploy/plan/release_plan.hpp"

namespace altinity_deploy::actions {

Report run_plan(exec::CommandRunner& runner, const GlobalOptions& options, const PlanOptions& plan_options) {
  auto loaded = load_manifest(options.manifest_path);
  if (!loaded) return failed_report(loaded.error());
  const spec::OperatorSpec& spec = loaded->spec;

  auto planned = connect_and_plan(runner, options, spec);
  if (!planned) return failed_report(planned.error());
  const plan::ReleasePlan* plan = &planned->plan;

  Report report;
  if (!plan->empty() && plan_options.detailed_exitcode) report.code = ExitCode::changes_pending;
  report.data = {{"ok", true},
                 {"release", spec.metadata.name},
                 {"namespace", spec.namespace_name},
                 {"chart", plan->desired.chart.name},
                 {"chartVersion", plan->desired.chart.version},
                 {"changesPending", !plan->empty()},
                 {"changes", plan::plan_json(*plan)},
                 {"drift", plan::drift_json(*plan)},
                 {"driftChecked", plan->drift_checked},
                 {"operatorPassword", plan::operator_password_json(*plan, spec)}};
  report.text = plan::format_plan(*plan, spec);
  return report;
}

}  // namespace altinity_deploy::actions
