#include "altinity_deploy/actions/connect_and_plan.hpp"

#include <optional>

#include "altinity_deploy/core/log.hpp"

namespace altinity_deploy::actions {

Result<PlannedConnection> connect_and_plan(exec::Runners runners, const GlobalOptions& options,
                                           const spec::OperatorSpec& spec, plan::PlanSettings settings,
                                           std::function<void(Connection&)> also) {
  // Another operator is looked for in the first batch (no step of its own).
  settings.look_for_other_operators = true;
  std::optional<plan::PlanReads> reads;
  auto connection = connect(runners, options, spec,
                            {[&](Connection& c) {
                               reads.emplace(c.helm, c.kubectl, spec, settings);
                               auto calls = reads->calls();
                               if (also) calls.emplace_back([&also, &c] { also(c); });
                               return calls;
                             },
                             [&] { return reads->failed(); }});
  if (!connection) return tl::unexpected(connection.error());
  auto plan = reads->result();
  if (!plan) return tl::unexpected(plan.error());
  if (const std::string warning = plan::unchecked_warning(plan->other_operators); !warning.empty()) {
    log::warn("{}", warning);
  }
  return PlannedConnection{std::move(*connection), std::move(*plan)};
}

}  // namespace altinity_deploy::actions
