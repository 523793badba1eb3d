// The live objects drift compares, read after the first batch: one `kubectl
// get --filename -` of the stored objects, and the HPAs only when a
// spec.replicas differs. (To move into the first batch's snapshot.)
#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/plan/release_plan.hpp"

namespace altinity_deploy::plan {
Status read_and_add_drift(tools::KubectlClient& kubectl, const spec::OperatorSpec& spec, ReleasePlan& plan) {
  if (!wants_drift(spec, plan)) return {};
  auto live = kubectl.get_stored_objects(drift_objects_text(plan));
  // RBAC: an account that may not get (or list) one of the release's kinds.
  if (!live && live.error().kind == ToolErrorKind::forbidden) {
    plan.drift_unchecked = "the account may not read the release's objects (kubectl get: forbidden); grant get on "
                           "them, or set spec.driftDetection.mode: disabled";
  } else if (!live) {
    return tl::unexpected(live.error());
  } else {
    add_drift(spec, plan, *live, std::nullopt);
    if (plan.wants_autoscalers) {
      auto hpas = kubectl.autoscalers();
      if (!hpas) return tl::unexpected(hpas.error());
      add_drift(spec, plan, *live, drift::hpa_targets(*hpas));
    }
  }
  if (!plan.drift_unchecked.empty()) log::warn("drift not checked: {}", plan.drift_unchecked);
  return {};
}

}  // namespace altinity_deploy::plan
