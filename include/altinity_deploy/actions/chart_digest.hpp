#pragma once
// What a saved plan records of the chart (plan_json/saved_plan.hpp): for a local
// chart the content up would install, else where it comes from.
#include <string>

#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/spec/operator_spec.hpp"

namespace altinity_deploy::actions {

// "sha256:..." of: a local .tgz's bytes; a local chart folder's files (each
// relative path, sorted, with its content's SHA-256; a symlink by its
// target); for a repository chart its repo, name and version (the archive
// is not fetched: the chart's CRDs, which the plan reads, are compared
// apart). ExitCode::invalid_input when a local chart cannot be read.
Result<std::string> chart_source_digest(const spec::Chart& chart);

}  // namespace altinity_deploy::actions
