#include "altinity_deploy/actions/simulated_kubelet.hpp"

#include "altinity_deploy/core/log.hpp"

namespace altinity_deploy::actions {

std::vector<std::string> simulated_nodes(tools::KubectlClient& kubectl) {
  auto nodes = kubectl.simulated_nodes();
  if (nodes) return std::move(*nodes);
  log::debug("could not list the nodes labelled {} (so no note on a simulated kubelet): {}",
             tools::kSimulatedNodeLabel, nodes.error().message);
  return {};
}

}  // namespace altinity_deploy::actions
