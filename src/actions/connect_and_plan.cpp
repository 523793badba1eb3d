#include "altinity_deploy/actions/connect_and_plan.hpp"

#include "altinity_deploy/actions/read_snapshot.hpp"
#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/redact/redaction.hpp"

namespace altinity_deploy::actions {

Result<plan::ReleasePlan> plan_snapshot(Connection& connection, const spec::OperatorSpec& spec,
                                        const snapshot::ClusterSnapshot& snapshot, plan::PlanSettings settings) {
  auto plan = plan::make_plan(spec, snapshot, settings);
  if (!plan) return plan;
  if (!snapshot.live_objects || !plan::wants_drift(spec, *plan)) return plan;
  const auto& live = *snapshot.live_objects;
  if (!live) {
    // RBAC: an account that may not list one of the release's kinds.
    if (live.error().kind != ToolErrorKind::forbidden) return tl::unexpected(live.error());
    plan->drift_unchecked = fmt::format("the account may not read the release's objects ({}); grant get and list on "
                                        "them, or set spec.driftDetection.mode: disabled",
                                        redact::excerpt(redact::safe_message(live.error().message), 200));
    log::warn("drift not checked: {}", plan->drift_unchecked);
    return plan;
  }
  // The live objects of the release and the CRDs, both read in the first batch.
  std::vector<nlohmann::json> objects = *live;
  objects.insert(objects.end(), snapshot.crd_objects.begin(), snapshot.crd_objects.end());
  plan::add_drift(spec, *plan, objects, std::nullopt);
  // Only when a spec.replicas differs: whether an HPA scales it.
  if (plan->wants_autoscalers) {
    auto autoscalers = connection.kubectl.autoscalers();
    if (!autoscalers) return tl::unexpected(autoscalers.error());
    plan::add_drift(spec, *plan, objects, drift::hpa_targets(*autoscalers));
  }
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
