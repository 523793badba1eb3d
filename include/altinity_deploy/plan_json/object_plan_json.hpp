#pragma once
// The object-level plan (plan/object_changes.hpp) as JSON, for `plan -o json`.
#include <nlohmann/json.hpp>

#include "altinity_deploy/plan/object_changes.hpp"

namespace altinity_deploy::plan_json {

// [{kind, name, namespace?, action: create|update|delete, source: chart|drift,
// changes: [{path, before?, after?}], note?}]; values masked, not cut.
nlohmann::json objects_json(const plan::ObjectPlan& plan);
// [{kind, name, events}]
nlohmann::json hooks_json(const plan::ObjectPlan& plan);
// "chart" or "drift": the JSON's source, and the text's (chart)/(drift) mark.
const char* source_name(plan::ObjectChange::Source source);

}  // namespace altinity_deploy::plan_json
