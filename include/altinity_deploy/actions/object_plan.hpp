#pragma once
// plan's object-level view of a chart or values change: `helm template` of
// the new release for the cluster's Kubernetes version, compared in process
// with the release's stored manifest (plan::add_rendered_objects).
#include <string>

#include "altinity_deploy/actions/configuration.hpp"
#include "altinity_deploy/plan/release_plan.hpp"

namespace altinity_deploy::actions {

// Nothing unless plan::wants_objects(plan). Otherwise one `helm template`
// (after a `kubectl get --raw /version` when connect did not ask the
// server's version), its values in a 0600 file in `temp_dir`.
Status add_object_plan(Connection& connection, const spec::OperatorSpec& spec, plan::ReleasePlan& plan,
                       const std::string& temp_dir);

}  // namespace altinity_deploy::actions
