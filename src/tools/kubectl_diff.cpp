#include "altinity_deploy/core/try.hpp"
#include "altinity_deploy/tools/kubectl_client.hpp"

#include "altinity_deploy/drift/drift.hpp"
#include "altinity_deploy/tools/tool_error.hpp"

namespace altinity_deploy::tools {

Result<std::string> KubectlClient::diff_release_objects(const std::string& manifest) {
  // Client-side `kubectl diff`, not --server-side: on Kubernetes 1.20 a
  // server-side dry-run apply of the chart's metrics Service fails ("element
  // 0: associative list with keys has an element that omits key field
  // protocol"); the client-side diff is a server-side dry-run of a patch,
  // so the server's defaulting is on both sides all the same (docs/drift.md).
  auto command = base({"diff", "--namespace", release_.namespace_name, "--filename", "-"});
  command.stdin_data = manifest;
  command.env.emplace_back("KUBECTL_EXTERNAL_DIFF", drift::kKubectlExternalDiff);
  auto result = read(std::move(command));
  if (!result) return tl::unexpected(result.error());
  if (result->interrupted) return fail(ExitCode::interrupted, "interrupted while running kubectl diff");
  if (result->exit_code == 0 && !result->timed_out) return std::string();
  // 1: differences, printed. (An error exits 2 and up; exit 1 with nothing on
  // stdout is an error all the same.)
  if (result->exit_code == 1 && !result->timed_out && !result->out.empty()) return std::move(result->out);
  auto error = tool_failure("kubectl diff (drift detection)", *result).value();
  error.hint = "the release's objects could not be compared with the cluster; fix the cause above, or set "
               "spec.driftDetection.mode: disabled to plan without drift detection";
  return tl::unexpected(error);
}

Result<std::vector<nlohmann::json>> KubectlClient::autoscalers() {
  TRY_ASSIGN(found, get_json({"horizontalpodautoscalers"}, release_.namespace_name));
  if (!found) return std::vector<nlohmann::json>{};
  return found->value("items", nlohmann::json::array()).get<std::vector<nlohmann::json>>();
}

}  // namespace altinity_deploy::tools
