#pragma once
// Drift (plan/release_plan.hpp's ReleasePlan::drift) for humans.
#include <string>
#include <vector>

#include "altinity_deploy/core/escaped_text.hpp"
#include "altinity_deploy/drift/drift.hpp"
#include "altinity_deploy/plan/release_plan.hpp"
#include "altinity_deploy/spec/operator_spec.hpp"

namespace altinity_deploy::cli {

// `~ Deployment/NAME: spec...image: chart "X" -> live "Y"` or
// `! ConfigMap/NAME: deleted`; a Secret's values show as <redacted>.
std::vector<std::string> drift_lines(const drift::ObjectDrift& object);
// The plan's drift under a heading (driftDetection.mode: warn), or why it
// was not checked; empty when there is nothing to say.
core::EscapedText format_drift(const plan::ReleasePlan& plan, const spec::OperatorSpec& spec);

}  // namespace altinity_deploy::cli
