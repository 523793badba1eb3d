#pragma once
// Another operator in the cluster: a Helm release of the operator's chart
// other than the manifest's (another name, or another namespace), such as
// the `altinity-clickhouse-operator` release Planton's module installs. Two
// operators that both watch every namespace both reconcile every
// ClickHouseInstallation, so `up` refuses to install the manifest's release
// beside one unless told (--allow-second-operator), and says how to take it
// over instead (spec.helm.releaseName and spec.namespace). A release of the
// manifest's that is installed already adds no operator: up upgrades it and
// warns. docs/commands.md, "Another
// operator in the cluster".
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/spec/operator_spec.hpp"
#include "altinity_deploy/tools/helm_client.hpp"

namespace altinity_deploy::plan {

// What the look through the cluster's releases found.
struct OtherOperators {
  bool checked = false;                   // the releases were listed
  std::vector<tools::ReleaseInfo> found;  // releases of the chart that are not the manifest's
  // Why they could not be listed (e.g. the account may not list Secrets in
  // all namespaces); empty when checked or not asked.
  std::string unchecked;
  bool allowed = false;   // --allow-second-operator
  bool installs = false;  // the plan installs the manifest's release (absent or uninstalled)
};

// The releases of `chart_names` among `releases` other than the manifest's
// own (spec.release_name() in spec.namespace_name); an uninstalled or
// superseded record runs nothing and is left out.
std::vector<tools::ReleaseInfo> other_operator_releases(const std::vector<tools::ReleaseInfo>& releases,
                                                        const spec::OperatorSpec& spec,
                                                        const std::vector<std::string>& chart_names);

// What was listed, or why not (a listing's Error, as a warning's reason).
OtherOperators other_operators(const Result<std::vector<tools::ReleaseInfo>>& listed,
                               const spec::OperatorSpec& spec, const std::string& chart_name, bool allowed,
                               bool installs);

// `up`'s refusal when `found` is not empty, the plan installs the release
// and a second operator is not allowed: exit 1, naming each and saying how
// to adopt it. Nothing otherwise.
Status refuse_second_operator(const OtherOperators& others);
// up's warning when it goes ahead beside another operator (allowed, or the
// release is installed already); empty otherwise.
std::string beside_warning(const OtherOperators& others);

// The warning when the releases could not be listed; empty otherwise.
std::string unchecked_warning(const OtherOperators& others);
// One release on one line, each field quoted and cut (a release record is
// anyone's to write): `release 'R' in namespace 'N' (chart C V, STATUS, revision X)`.
std::string describe_other_operator(const tools::ReleaseInfo& release);
// What adopting `release` takes: the manifest's fields to set, or --allow-second-operator.
std::string adopt_hint(const tools::ReleaseInfo& release);
// As text: cli/plan_text.hpp; as JSON: plan_json/release_plan_json.hpp.

}  // namespace altinity_deploy::plan
