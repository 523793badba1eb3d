#pragma once
#include <string>
#include <string_view>

#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/exec/command.hpp"

namespace altinity_deploy::tools {

// "helm status failed (exit 1): <last stderr lines>", keeping the child's
// exit code and stderr as helmfile does. Interrupted runs map to 130. The
// error's kind says what the API server answered (error_kind).
tl::unexpected<Error> tool_failure(const std::string& what, const exec::CommandResult& result);

// What a failed kubectl (or helm) call's stderr says the API server
// answered: "Error from server (Forbidden)", "... is forbidden: User ...";
// "(NotFound)", "not found"; "Unable to connect to the server", "connection
// refused", "i/o timeout", "no such host", "(ServiceUnavailable)"; else other.
ToolErrorKind error_kind(std::string_view stderr_text);

// "altinity-clickhouse-operator-0.23.6" -> name and version. The version
// starts at the first '-' followed by a digit.
void split_chart_label(const std::string& label, std::string& name, std::string& version);

}  // namespace altinity_deploy::tools
