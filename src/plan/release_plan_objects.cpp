// The object-level plan of a chart or values change (release_plan.hpp):
// the comparison is object_changes.cpp's; this picks its inputs from the plan.
#include "altinity_deploy/plan/release_plan.hpp"

namespace altinity_deploy::plan {

bool wants_objects(const ReleasePlan& plan) {
  const tools::ReleaseInfo* release = plan.release();
  if (release == nullptr || release->status == "uninstalled") return false;
  if (plan.cluster.manifest.find_first_not_of(" \n-") == std::string::npos) return false;
  for (const auto& change : plan.changes) {
    if (change.kind == Change::Kind::chart || change.kind == Change::Kind::value) return true;
  }
  return false;
}

Status add_rendered_objects(ReleasePlan& plan, const spec::OperatorSpec& spec, const std::string& rendered,
                            std::string capabilities) {
  ObjectPlan objects;
  objects.rendered = true;
  objects.capabilities = std::move(capabilities);
  if (auto compared = compare_release_objects(plan.cluster.manifest, rendered, objects); !compared) {
    return tl::unexpected(compared.error());
  }
  for (const auto& crd : plan.desired.crds) {
    auto found = plan.cluster.crds.find(crd.name);
    if (found == plan.cluster.crds.end()) {
      objects.objects.push_back(crd_object_change(crd, std::nullopt));
    } else if (found->second.sha256 != crd.sha256) {
      auto versions = plan.cluster.crd_versions.find(crd.name);
      objects.objects.push_back(crd_object_change(
          crd, versions != plan.cluster.crd_versions.end() ? std::optional(versions->second) : std::nullopt));
    }
  }
  if (spec.drift_detection.mode == spec::DriftDetection::Mode::enabled) {
    for (auto& change : drift_object_changes(plan.drift)) objects.objects.push_back(std::move(change));
  }
  plan.objects = std::move(objects);
  return {};
}

}  // namespace altinity_deploy::plan
