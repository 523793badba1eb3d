#include "altinity_deploy/actions/connect_and_plan.hpp"

#include "altinity_deploy/actions/read_snapshot.hpp"
#include "altinity_deploy/core/log.hpp"

namespace altinity_deploy::actions {

Result<plan::ReleasePlan> plan_snapshot(Connection& connection, const spec::OperatorSpec& spec,
                                        const snapshot::ClusterSnapshot& snapshot, plan::PlanSettings settings) {
  auto plan = plan::make_plan(spec, snapshot, settings);
  if (!plan) return plan;
  // MERGE(21-drift): the in-process drift replaces this `kubectl diff` here, and only here:
  //   if (snapshot.live_objects && *snapshot.live_objects) plan::add_drift(spec, *plan, **snapshot.live_objects, {});
  //   else if (snapshot.live_objects) plan->drift_unchecked = reason (snapshot.live_objects->error());
  //   if (plan->wants_autoscalers) { read the HPAs (connection.kubectl.autoscalers()), add_drift again with them }
  // snapshot.live_objects already holds the release's live objects (read_snapshot, first batch).
  if (auto drifted = plan::add_drift(connection.kubectl, spec, *plan); !drifted) return tl::unexpected(drifted.error());
  return plan;
}

Result<PlannedConnection> connect_and_plan(exec::Runners runners, const GlobalOptions& options,
                                           const spec::OperatorSpec& spec, plan::PlanSettings settings) {
  auto connection = connect(runners, options, spec);
  if (!connection) return tl::unexpected(connection.error());
  auto snapshot = read_snapshot(**connection, spec, plan_request(spec, true));
  if (!snapshot) return tl::unexpected(snapshot.error());
  auto plan = plan_snapshot(**connection, spec, *snapshot, settings);
  if (!plan) return tl::unexpected(plan.error());
  if (const std::string warning = plan::unchecked_warning(plan->other_operators); !warning.empty()) {
    log::warn("{}", warning);
  }
  return PlannedConnection{std::move(*connection), std::move(*plan)};
}

Result<plan::ReleasePlan> replan(Connection& connection, const spec::OperatorSpec& spec, plan::PlanSettings settings) {
  snapshot::SnapshotRequest request = plan_request(spec, false);
  request.connect_checks = false;
  auto snapshot = read_snapshot(connection, spec, request);
  if (!snapshot) return tl::unexpected(snapshot.error());
  return plan_snapshot(connection, spec, *snapshot, settings);
}

}  // namespace altinity_deploy::actions
