#pragma once
// The start `plan` and `up` share: check the cluster and read what the plan
// compares, in one batch of concurrent read-only calls.
#include <functional>
#include <memory>

#include "altinity_deploy/actions/configuration.hpp"
#include "altinity_deploy/plan/release_plan.hpp"

namespace altinity_deploy::actions {

struct PlannedConnection {
  std::unique_ptr<Connection> connection;
  plan::ReleasePlan plan;
};

// `also`: one more read-only call in the same batch, which cannot fail it
// (up's simulated_nodes).
Result<PlannedConnection> connect_and_plan(exec::Runners runners, const GlobalOptions& options,
                                           const spec::OperatorSpec& spec, plan::PlanSettings settings = {},
                                           std::function<void(Connection&)> also = {});

}  // namespace altinity_deploy::actions
