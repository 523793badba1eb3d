#pragma once
// The object-level plan (plan/object_changes.hpp) for humans.
#include "altinity_deploy/core/escaped_text.hpp"
#include "altinity_deploy/plan/object_changes.hpp"

namespace altinity_deploy::cli {

// A heading, one `+`/`~`/`-` line per object marked (chart) or (drift),
// each changed field under it as `path: before -> after` (values cut,
// plan::shown_value), the hooks; with `full_diff` each chart change's
// unified diff instead of its fields. Empty when nothing was rendered and
// nothing drifted.
core::EscapedText format_objects(const plan::ObjectPlan& plan, bool full_diff);

}  // namespace altinity_deploy::cli
