#pragma once
// The one place that turns a spec into the helm upgrade request, so that
// `render` shows exactly what `up` runs.
#include <string>

#include "altinity_deploy/spec/operator_spec.hpp"
#include "altinity_deploy/tools/helm_client.hpp"

namespace altinity_deploy::actions {

// The label every namespace the deployer creates carries; destroy deletes
// only namespaces that have it.
inline constexpr const char* kManagedByLabel = "app.kubernetes.io/managed-by";
inline constexpr const char* kManagedByValue = "altinity-deploy";

struct ApplyMethodChoice {
  tools::ApplyMethod method = tools::ApplyMethod::client_side;
  std::string reason;
};

// Helm 4 only (Helm 3 always applies client-side). A release keeps the
// method it was installed with; a fresh install uses client-side apply
// because the chart's metrics Service omits ports[].protocol, which server-side
// apply rejects on the Kubernetes versions we support (seen on 1.20).
ApplyMethodChoice choose_apply_method(int helm_major, const tools::ReleaseInfo* existing);

tools::UpgradeRequest upgrade_request(const spec::OperatorSpec& spec, const std::string& values_file,
                                      tools::ApplyMethod apply_method, bool force);

}  // namespace altinity_deploy::actions
