#pragma once
// The start `plan` and `up` share: connect, read the snapshot a plan needs
// (read_snapshot, one concurrent batch with connect's checks), make the plan.
#include <memory>

#include "altinity_deploy/actions/configuration.hpp"
#include "altinity_deploy/plan/release_plan.hpp"
#include "altinity_deploy/snapshot/cluster_snapshot.hpp"

namespace altinity_deploy::actions {

struct PlannedConnection {
  std::unique_ptr<Connection> connection;
  plan::ReleasePlan plan;
};

// With the other-operator look (its warning logged when it could not look).
Result<PlannedConnection> connect_and_plan(exec::Runners runners, const GlobalOptions& options,
                                           const spec::OperatorSpec& spec, plan::PlanSettings settings = {});

// plan::make_plan of the snapshot, then drift detection: the one place the
// verbs check drift (plan, up, up's plan again under the lock).
Result<plan::ReleasePlan> plan_snapshot(Connection& connection, const spec::OperatorSpec& spec,
                                        const snapshot::ClusterSnapshot& snapshot, plan::PlanSettings settings);

// Reads again what a plan needs (no connect's checks, no other-operator
// look) and plans: up under the lock.
Result<plan::ReleasePlan> replan(Connection& connection, const spec::OperatorSpec& spec, plan::PlanSettings settings);

}  // namespace altinity_deploy::actions
