#pragma once
#include <string>

#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/exec/command.hpp"

namespace altinity_deploy::tools {

// "helm status failed (exit 1): <last stderr lines>", keeping the child's
// exit code and stderr as helmfile does. Interrupted runs map to 130.
tl::unexpected<Error> tool_failure(const std::string& what, const exec::CommandResult& result);

// "altinity-clickhouse-operator-0.23.6" -> name and version. The version
// starts at the first '-' followed by a digit.
void split_chart_label(const std::string& label, std::string& name, std::string& version);

}  // namespace altinity_deploy::tools
