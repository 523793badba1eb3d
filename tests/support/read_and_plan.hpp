#pragma once
// For unit tests: the plan a verb makes from what `runner` answers, as up
// makes it again under the lock (read_snapshot without connect's checks,
// then make_plan and drift), optionally with the other-operator look.
#include "altinity_deploy/actions/connect_and_plan.hpp"
#include "altinity_deploy/actions/read_snapshot.hpp"

namespace altinity_deploy::testing_support {

inline actions::Connection connection_for(exec::CommandRunner& runner, const spec::OperatorSpec& spec) {
  const tools::ReleaseRef ref{spec.release_name(), spec.namespace_name};
  actions::Connection connection{tools::HelmClient(runner, "helm", {}, ref),
                                 tools::KubectlClient(runner, "kubectl", {}, ref), {}, {}, {}};
  connection.helm.assume_version({3, "v3.17.3"});
  return connection;
}

inline Result<plan::ReleasePlan> read_and_plan(exec::CommandRunner& runner, const spec::OperatorSpec& spec,
                                               bool other_releases = false, plan::PlanSettings settings = {}) {
  auto connection = connection_for(runner, spec);
  auto request = actions::plan_request(spec, other_releases);
  request.connect_checks = false;
  auto snapshot = actions::read_snapshot(connection, spec, request);
  if (!snapshot) return tl::unexpected(snapshot.error());
  return actions::plan_snapshot(connection, spec, *snapshot, settings);
}

}  // namespace altinity_deploy::testing_support
