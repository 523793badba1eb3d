#include "altinity_deploy/plan/other_operators.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "altinity_deploy/redact/redaction.hpp"

namespace altinity_deploy::plan {

// What adopting `release` takes, for one release; several: the first named.
std::string adopt_hint(const tools::ReleaseInfo& release) {
  return fmt::format(
      "to take it over, set `spec.helm.releaseName: {}` and `spec.namespace: {}` in the manifest (up then "
      "upgrades that release in place, one operator); to run a second operator on purpose, add "
      "--allow-second-operator",
      redact::excerpt(release.name, 100), redact::excerpt(release.namespace_name, 100));
}

// Every field comes from a release record anyone who may create a Secret in
// any namespace can write: each is quoted as one line (a newline in a chart
// version must not forge a line of the error in a CI log).
std::string describe_other_operator(const tools::ReleaseInfo& release) {
  constexpr std::size_t kLimit = 100;
  return fmt::format("release '{}' in namespace '{}' (chart {} {}, {}, revision {})",
                     redact::excerpt(release.name, kLimit), redact::excerpt(release.namespace_name, kLimit),
                     redact::excerpt(release.chart_name, kLimit), redact::excerpt(release.chart_version, kLimit),
                     redact::excerpt(release.status, kLimit), release.revision);
}


std::vector<tools::ReleaseInfo> other_operator_releases(const std::vector<tools::ReleaseInfo>& releases,
                                                        const spec::OperatorSpec& spec,
                                                        const std::vector<std::string>& chart_names) {
  std::vector<tools::ReleaseInfo> found;
  for (const auto& release : releases) {
    if (std::find(chart_names.begin(), chart_names.end(), release.chart_name) == chart_names.end()) continue;
    if (release.name == spec.release_name() && release.namespace_name == spec.namespace_name) continue;
    if (release.status == "uninstalled" || release.status == "superseded") continue;
    found.push_back(release);
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return std::tie(a.namespace_name, a.name) < std::tie(b.namespace_name, b.name);
  });
  return found;
}

OtherOperators other_operators(const Result<std::vector<tools::ReleaseInfo>>& listed,
                               const spec::OperatorSpec& spec, const std::string& chart_name, bool allowed,
                               bool installs) {
  OtherOperators others;
  others.allowed = allowed;
  others.installs = installs;
  if (!listed) {
    std::string reason = redact::safe_message(listed.error().message);
    std::replace(reason.begin(), reason.end(), '\n', ' ');
    others.unchecked = reason;
    return others;
  }
  others.checked = true;
  std::vector<std::string> names = {spec::kDefaultChartName};
  if (chart_name != spec::kDefaultChartName) names.push_back(chart_name);
  others.found = other_operator_releases(*listed, spec, names);
  return others;
}

Status refuse_second_operator(const OtherOperators& others) {
  if (others.found.empty() || others.allowed || !others.installs) return {};
  std::string message = "another ClickHouse operator runs in this cluster: ";
  for (std::size_t i = 0; i < others.found.size(); ++i) {
    if (i > 0) message += "; ";
    message += describe_other_operator(others.found[i]);
  }
  message +=
      ". A second operator would reconcile every ClickHouseInstallation it watches as well; up installed "
      "nothing";
  return fail(ExitCode::failed, message, adopt_hint(others.found.front()));
}

std::string beside_warning(const OtherOperators& others) {
  if (others.found.empty() || (others.installs && !others.allowed)) return {};
  std::string names;
  for (const auto& release : others.found) {
    names += (names.empty() ? "" : ", ") + fmt::format("'{}' in namespace '{}'", redact::excerpt(release.name, 100),
                                                                  redact::excerpt(release.namespace_name, 100));
  }
  return fmt::format("{}another operator runs in this cluster ({}): both reconcile the ClickHouseInstallations "
                     "they watch",
                     others.allowed ? "--allow-second-operator: " : "", names);
}

std::string unchecked_warning(const OtherOperators& others) {
  if (others.unchecked.empty()) return {};
  return "could not look for another ClickHouse operator in the cluster (" + others.unchecked +
         "); if one runs, a second would reconcile the same ClickHouseInstallations. When that was a refusal, "
         "the account is limited to its namespaces and cannot see other releases; check with "
         "`helm list --all-namespaces --max 0` (up goes ahead)";
}

}  // namespace altinity_deploy::plan
