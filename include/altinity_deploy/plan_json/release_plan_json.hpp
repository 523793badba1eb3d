#pragma once
// A release plan as JSON: what `plan -o json` / `up --dry-run -o json` print
// (cli/print_json.cpp) and what a saved plan holds (saved_plan.hpp), one
// serialisation for both. Values are as the plan holds them: redacted.
//
// The module plan_json sits between plan/ (pure data: (spec, snapshot) ->
// plan) and its readers (cli/ prints, actions/ saves a plan file): plan/
// includes none of it.
#include <nlohmann/json.hpp>

#include "altinity_deploy/core/escaped_text.hpp"
#include "altinity_deploy/plan/release_plan.hpp"
#include "altinity_deploy/spec/operator_spec.hpp"

namespace altinity_deploy::plan_json {

// One line per change, e.g. `~ value operator.resources.limits.cpu: "1" -> "2"`:
// the JSON's "text" member, and the lines cli's plan text and up's log show.
core::EscapedText change_line(const plan::Change& change);
// The changes as a JSON array of {kind, action, subject, before?, after?, note?, text}.
nlohmann::json changes_json(const plan::ReleasePlan& plan);
// The drifted objects: [{object, kind, name, namespace?, deleted?, fields: [{path, pointer, chart?, live?}]}];
// secret values "<redacted>".
nlohmann::json drift_json(const plan::ReleasePlan& plan);
// Where the operator's password comes from: {origin, why?, secret, namespace};
// never the password itself.
nlohmann::json operator_password_json(const plan::ReleasePlan& plan, const spec::OperatorSpec& spec);
// The other operators found: [{release, namespace, chart, chartVersion, status, revision}].
nlohmann::json other_operators_json(const plan::OtherOperators& others);

}  // namespace altinity_deploy::plan_json
