#pragma once
#include <string>
#include <vector>

namespace altinity_deploy::tools {

// The cluster every helm and kubectl call of one run talks to. Resolved once
// (cluster/kube_target) and then passed explicitly to each call, so that a
// `kubectl config use-context` elsewhere cannot switch clusters mid-run.
struct KubeAccess {
  std::string kubeconfig;  // empty: the tools' default (KUBECONFIG, ~/.kube/config)
  std::string context;     // empty: the kubeconfig's current context

  std::vector<std::string> helm_flags() const;
  std::vector<std::string> kubectl_flags() const;
};

// The release a tool client is bound to: every call that names a release or
// its namespace names this one.
struct ReleaseRef {
  std::string name;
  std::string namespace_name;
};

}  // namespace altinity_deploy::tools
