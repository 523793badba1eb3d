// `plan` (also `diff`, `preview`): what `up` would change, read-only. It
// creates nothing, not even the namespace, and takes no lock.
#include <optional>

#include "altinity_deploy/actions/verbs.hpp"
#include "altinity_deploy/plan/release_plan.hpp"

namespace altinity_deploy::actions {

Report run_plan(exec::CommandRunner& runner, const GlobalOptions& options, const PlanOptions& plan_options) {
  auto loaded = load_manifest(options.manifest_path);
  if (!loaded) return failed_report(loaded.error());
  const spec::OperatorSpec& spec = loaded->spec;

  // The plan's reads share one batch with connect's checks.
  std::optional<plan::PlanReads> reads;
  auto connection = connect(runner, options, spec, [&](Connection& c) {
    reads.emplace(c.helm, c.kubectl, spec);
    return reads->calls();
  });
  if (!connection) return failed_report(connection.error());

  auto plan = reads->result();
  if (!plan) return failed_report(plan.error());

  Report report;
  if (!plan->empty() && plan_options.detailed_exitcode) report.code = ExitCode::changes_pending;
  report.data = {{"ok", true},
                 {"release", spec.metadata.name},
                 {"namespace", spec.namespace_name},
                 {"chart", plan->desired.chart.name},
                 {"chartVersion", plan->desired.chart.version},
                 {"changesPending", !plan->empty()},
                 {"changes", plan::plan_json(*plan)}};
  report.text = plan::format_plan(*plan, spec);
  return report;
}

}  // namespace altinity_deploy::actions
