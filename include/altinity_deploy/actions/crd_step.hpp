#pragma once
// Helm installs crds/ once and never upgrades them; an operator upgrade
// without its CRDs breaks. With createCrds the deployer applies the chart's
// CRDs itself (server-side apply, before helm runs, so that an upgrade
// 0.23.6 -> 0.26.0 leaves the 0.26.0 CRDs), always passes --skip-crds to
// helm, and turns the chart's CRD hook Job (0.25.6+, needs an image pull)
// off in the values (plan/values_builder).
#include <vector>

#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/plan/crd_documents.hpp"
#include "altinity_deploy/tools/helm_client.hpp"
#include "altinity_deploy/tools/kubectl_client.hpp"

namespace altinity_deploy::actions {

// One server-side apply of the CRDs (tools::KubectlClient::apply_crds), each
// carrying its plan::kCrdHashAnnotation fingerprint.
Status apply_crds(tools::KubectlClient& kubectl, const std::vector<plan::CrdDocument>& crds);

// A helm upgrade that failed after apply_crds applied `crds`: helm's rollback
// (atomic) leaves CRDs alone, so they stay at the newer chart's version.
// When `before` (the release as it was) came from another chart version,
// the error gains a line saying so and what it means; else it is returned
// as it was.
Error note_crds_kept(Error error, const std::vector<plan::CrdDocument>& crds, const tools::ReleaseInfo* before,
                     bool rolled_back);

}  // namespace altinity_deploy::actions
