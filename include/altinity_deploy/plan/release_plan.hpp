#pragma once
// The difference between the manifest and the cluster: what `up` would
// change. Computed read-only; `plan` prints it, `up` skips the helm upgrade
// when it is empty.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/spec/operator_spec.hpp"
#include "altinity_deploy/tools/helm_client.hpp"
#include "altinity_deploy/tools/kubectl_client.hpp"

namespace altinity_deploy::plan {

struct Change {
  enum class Kind { namespace_, release, chart, value, crd, release_status };
  Kind kind = Kind::value;
  std::string subject;  // "namespace altinity-operator", "operator.resources.limits.cpu", a CRD name
  std::string before;   // empty: absent
  std::string after;    // empty: removed
  std::string note;     // e.g. "pending-upgrade: will be recovered first"
};

struct ReleasePlan {
  std::vector<Change> changes;
  std::optional<tools::ReleaseInfo> release;  // as found
  bool namespace_exists = false;
  bool crds_need_apply = false;
  bool empty() const { return changes.empty(); }
};

// What the cluster looks like and what the manifest wants. `crd_documents`
// are the chart's CRDs as `helm show crds` prints them (empty when
// createCrds is false).
Result<ReleasePlan> compute_plan(tools::HelmClient& helm, tools::KubectlClient& kubectl,
                                 const spec::OperatorSpec& spec, const yaml::Node& desired_values);

std::string format_plan(const ReleasePlan& plan);   // human text, secrets redacted
nlohmann::json plan_json(const ReleasePlan& plan);  // secrets redacted

}  // namespace altinity_deploy::plan
