#pragma once
// The start `plan` and `up` share: check the cluster and read what the plan
// compares, in one batch of concurrent read-only calls.
#include <memory>

#include "altinity_deploy/actions/configuration.hpp"
#include "altinity_deploy/plan/release_plan.hpp"

namespace altinity_deploy::actions {

struct PlannedConnection {
  std::unique_ptr<Connection> connection;
  plan::ReleasePlan plan;
};

Result<PlannedConnection> connect_and_plan(exec::Runners runners, const GlobalOptions& options,
                                           const spec::OperatorSpec& spec, plan::PlanSettings settings = {});

}  // namespace altinity_deploy::actions
