#include <fmt/format.h>

#include "argument_text.hpp"
#include "manifest_fields.hpp"
#include "sections.hpp"
#include "value_readers.hpp"

namespace altinity_deploy::manifest {

namespace {

void read_selector(const Field& field, spec::TargetCluster& out, Report& report) {
  const auto fields = read_mapping(field, cluster_selector_fields(), report);
  if (!fields) return;
  if (auto kind = fields->get("clusterKind")) {
    // Informational, but a typo there is likely a typo elsewhere too.
    const std::vector<std::string_view> kinds(kClusterKinds.begin(), kClusterKinds.end());
    if (auto name = read_choice(*kind, kinds, "a cluster kind Planton knows", report)) out.cluster_kind = *name;
  }
  if (auto name = fields->get("clusterName")) {
    if (auto text = read_checked_string(*name, context_name_problem, report)) out.cluster_name = *text;
  } else {
    // The name picks the kube context; a selector without it selects nothing.
    report.error(field.key->mark(), field.path, "missing required field 'clusterName'");
  }
}

}  // namespace

void read_target_cluster(const Field& field, spec::TargetCluster& out, Report& report) {
  const auto fields = read_mapping(field, target_cluster_fields(), report);
  if (!fields) return;
  const auto credential = fields->get("kubernetesCredentialId");
  const auto selector = fields->get("kubernetesClusterSelector");
  if (credential) {
    if (auto text = read_checked_string(*credential, credential_id_problem, report)) out.credential_id = *text;
  }
  if (selector) read_selector(*selector, out, report);
  if (credential && selector) {
    // Point at whichever comes second: that is where the conflict shows.
    const bool selector_later = comes_before(credential->key->mark(), selector->key->mark());
    const Field& later = selector_later ? *selector : *credential;
    const Field& earlier = selector_later ? *credential : *selector;
    report.error(later.key->mark(), later.path,
                 fmt::format("'{}' and '{}' are mutually exclusive; give one of them", earlier.key->text(),
                             later.key->text()));
  }
}

}  // namespace altinity_deploy::manifest
