#include "altinity_deploy/actions/crd_step.hpp"

#include <fmt/format.h>

#include "altinity_deploy/core/log.hpp"

namespace altinity_deploy::actions {

Status apply_crds(tools::KubectlClient& kubectl, const std::vector<plan::CrdDocument>& crds) {
  if (crds.empty()) return {};
  const std::string& version = crds.front().version;
  log::info("applying the chart's {} CRDs{} with server-side apply", crds.size(),
            version.empty() ? "" : fmt::format(" ({})", version));
  auto applied = kubectl.apply_crds(plan::crd_apply_document(crds));
  if (!applied) {
    Error error = applied.error();
    error.hint = "CRDs are cluster-wide: the account needs get/create/patch on customresourcedefinitions "
                 "(or set createCrds: false and manage the CRDs yourself)";
    return tl::unexpected(error);
  }
  return {};
}

Error note_crds_kept(Error error, const std::vector<plan::CrdDocument>& crds, const tools::ReleaseInfo* before,
                     bool rolled_back) {
  if (crds.empty() || before == nullptr || before->status == "uninstalled") return error;
  const std::string& version = crds.front().version;
  if (version.empty() || version == before->chart_version) return error;
  if (rolled_back) {
    error.message += fmt::format(
        "\nthe CRDs stay at chart {}'s version: up applied them before helm, and helm's rollback leaves CRDs "
        "alone. The operator of chart {}, which the release is back on, keeps working with them (the operator's "
        "CRDs are backward-compatible: newer ones add fields); running up again once the failure is fixed brings "
        "the operator to them",
        version, before->chart_version);
  } else {
    error.message += fmt::format(
        "\nthe CRDs are at chart {}'s version (up applied them before helm); the release (chart {} before) was "
        "not rolled back (atomic: false): run up again once the failure is fixed",
        version, before->chart_version);
  }
  return error;
}

}  // namespace altinity_deploy::actions
