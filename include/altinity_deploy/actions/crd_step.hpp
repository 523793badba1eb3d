#pragma once
// Helm installs crds/ once and never upgrades them; an operator upgrade
// without its CRDs breaks. With createCrds the deployer applies the chart's
// CRDs itself (server-side apply) before helm runs, and turns the chart's
// CRD hook Job (0.25.6+, needs an image pull) off.
#include <string>

#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/spec/operator_spec.hpp"
#include "altinity_deploy/tools/helm_client.hpp"
#include "altinity_deploy/tools/kubectl_client.hpp"

namespace altinity_deploy::actions {

// Applies `crd_documents` (from `helm show crds`) with server-side apply.
Status apply_crds(tools::KubectlClient& kubectl, const std::string& crd_documents);

}  // namespace altinity_deploy::actions
