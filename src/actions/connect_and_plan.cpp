#include "altinity_deploy/actions/connect_and_plan.hpp"

#include <optional>

namespace altinity_deploy::actions {

Result<PlannedConnection> connect_and_plan(exec::Runners runners, const GlobalOptions& options,
                                           const spec::OperatorSpec& spec, plan::PlanSettings settings,
                                           std::function<void(Connection&)> also) {
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
  return PlannedConnection{std::move(*connection), std::move(*plan)};
}

}  // namespace altinity_deploy::actions
