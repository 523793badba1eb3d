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

}  // namespace altinity_deploy::actions
