#pragma once
// A release plan for humans: what `plan` and `up --dry-run` print, and the
// operator-password lines of up's outcome. Colour: change_colour.hpp; JSON:
// plan_json/release_plan_json.hpp.
#include "altinity_deploy/core/escaped_text.hpp"
#include "altinity_deploy/plan/release_plan.hpp"
#include "altinity_deploy/spec/operator_spec.hpp"

namespace altinity_deploy::cli {

// A heading, the changes (plan_json::change_line), the other operators, the
// operator password, the drift (drift_text.hpp), a summary line.
core::EscapedText format_plan(const plan::ReleasePlan& plan, const spec::OperatorSpec& spec);
// One line per other operator (`! another operator: ...`) and what up does
// beside it; empty when there is none.
core::EscapedText format_other_operators(const plan::OtherOperators& others);
// Where a generated operator password is kept (empty when the manifest or
// the release's record sets it); never the password itself.
core::EscapedText format_operator_password(const plan::ReleasePlan& plan, const spec::OperatorSpec& spec);
// After `up` deployed a generated password: why, and the command that reads
// it. Empty otherwise.
core::EscapedText format_password_deployed(const plan::ReleasePlan& plan, const spec::OperatorSpec& spec);

}  // namespace altinity_deploy::cli
