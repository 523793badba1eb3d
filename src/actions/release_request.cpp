#include "altinity_deploy/actions/release_request.hpp"

namespace altinity_deploy::actions {

ApplyMethodChoice choose_apply_method(int helm_major, const tools::ReleaseInfo* existing) {
  using tools::ApplyMethod;
  if (helm_major < 4) return {ApplyMethod::client_side, "Helm 3 always applies client-side"};
  if (existing != nullptr && existing->apply_method == "ssa") {
    return {ApplyMethod::server_side, "the release was installed with server-side apply; keeping it"};
  }
  if (existing != nullptr && existing->apply_method == "csa") {
    return {ApplyMethod::client_side, "the release was installed with client-side apply; keeping it"};
  }
  if (existing != nullptr) {
    return {ApplyMethod::client_side, "the release was installed by Helm 3 (client-side apply); keeping it"};
  }
  return {ApplyMethod::client_side,
          "fresh install: client-side apply, because the chart's metrics Service omits "
          "ports[].protocol and server-side apply rejects that on older API servers (1.20)"};
}

tools::UpgradeRequest upgrade_request(const spec::OperatorSpec& spec, const std::string& values_file,
                                      tools::ApplyMethod apply_method, bool force) {
  tools::UpgradeRequest request;
  request.chart = spec.chart;
  request.values_file = values_file;
  request.timeout_seconds = spec.helm.timeout_seconds;
  request.atomic = spec.helm.atomic;
  request.cleanup_on_fail = spec.helm.cleanup_on_fail;
  // Never helm: with createCrds the deployer applies the CRDs itself
  // (crd_step, also on upgrades, which helm never does); without, they are
  // left alone.
  request.skip_crds = true;
  request.force = force;
  request.apply_method = apply_method;
  return request;
}

}  // namespace altinity_deploy::actions
