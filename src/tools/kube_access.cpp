#include "altinity_deploy/tools/kube_access.hpp"

namespace altinity_deploy::tools {

std::vector<std::string> KubeAccess::helm_flags() const {
  std::vector<std::string> flags;
  if (!kubeconfig.empty()) flags.insert(flags.end(), {"--kubeconfig", kubeconfig});
  if (!context.empty()) flags.insert(flags.end(), {"--kube-context", context});
  return flags;
}

std::vector<std::string> KubeAccess::kubectl_flags() const {
  std::vector<std::string> flags;
  if (!kubeconfig.empty()) flags.insert(flags.end(), {"--kubeconfig", kubeconfig});
  if (!context.empty()) flags.insert(flags.end(), {"--context", context});
  return flags;
}

}  // namespace altinity_deploy::tools
