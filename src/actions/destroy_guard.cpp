// Destroy's guard against uninstalling an operator that still has ClickHouse
// installations to finalize (see the header).
#include "altinity_deploy/actions/destroy_guard.hpp"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>
#include <re2/re2.h>

#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/tools/tool_error.hpp"

namespace altinity_deploy::actions {
namespace {

constexpr const char* kInstallations = "clickhouseinstallations.clickhouse.altinity.com";
constexpr const char* kKeeperInstallations = "clickhousekeeperinstallations.clickhouse-keeper.altinity.com";
// RE2's budget for one compiled watch pattern; far above any real one.
constexpr int64_t kPatternMemoryBytes = 1 << 20;

// nullopt: this kind (or one of these kinds) is not known to the server.
Result<std::optional<tools::ClickHouseInstallations>> list_kinds(tools::KubectlClient& kubectl,
                                                                 const std::string& kinds) {
  auto list = kubectl.installations_everywhere(kinds);
  if (!list && list.error().code != ExitCode::interrupted) {
    Error error = list.error();
    error.message = "listing the ClickHouse installations: " + error.message;
    return tl::unexpected(error);
  }
  if (list && *list) {
    for (const auto& why : (*list)->skipped) log::warn("listing the ClickHouse installations: left out {}", why);
  }
  return list;
}

std::string short_name(const std::string& kind) {
  return kind == "ClickHouseKeeperInstallation" ? "chk" : "chi";
}

}  // namespace

bool operator_watches(const std::vector<std::string>& watch_namespaces, const std::string& operator_namespace,
                      const std::string& ns) {
  if (ns == operator_namespace) return true;
  // The chart's [] means "only its own namespace", except from kube-system.
  if (watch_namespaces.empty()) return operator_namespace == "kube-system";
  // RE2 has Go's regexp syntax (what the operator reads) and matches in
  // linear time, so a pattern from the manifest cannot make destroy slow.
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(kPatternMemoryBytes);
  for (const auto& pattern : watch_namespaces) {
    const RE2 compiled(pattern, options);
    // A pattern RE2 cannot read (or one too large) might still select this
    // namespace for the operator: assume it does, so destroy stays careful.
    if (!compiled.ok() || RE2::FullMatch(ns, compiled)) return true;
  }
  return false;
}

std::vector<ClickHouseResource> watched_installations(const tools::ClickHouseInstallations& list,
                                                      const spec::OperatorSpec& spec) {
  std::vector<ClickHouseResource> found;
  for (const auto& resource : list.items) {
    if (!operator_watches(spec.watch_namespaces, spec.namespace_name, resource.namespace_name)) continue;
    found.push_back(resource);
  }
  std::sort(found.begin(), found.end(), [](const ClickHouseResource& a, const ClickHouseResource& b) {
    return std::tie(a.namespace_name, a.name, a.kind) < std::tie(b.namespace_name, b.name, b.kind);
  });
  return found;
}

Result<std::vector<ClickHouseResource>> list_watched_installations(tools::KubectlClient& kubectl,
                                                                   const spec::OperatorSpec& spec) {
  auto both = list_kinds(kubectl, fmt::format("{},{}", kInstallations, kKeeperInstallations));
  if (!both) return tl::unexpected(both.error());
  if (*both) return watched_installations(**both, spec);
  // One of the CRDs (or both) is missing: ask for each alone.
  std::vector<ClickHouseResource> found;
  for (const char* kind : {kInstallations, kKeeperInstallations}) {
    auto one = list_kinds(kubectl, kind);
    if (!one) return tl::unexpected(one.error());
    if (!*one) continue;
    auto more = watched_installations(**one, spec);
    found.insert(found.end(), more.begin(), more.end());
  }
  return found;
}

Result<std::vector<ClickHouseResource>> check_destroy_safe(Result<std::vector<ClickHouseResource>> found,
                                                           bool force) {
  if (!found) {
    if (!force || found.error().code == ExitCode::interrupted) return tl::unexpected(found.error());
    log::warn("--force: could not check for ClickHouse installations ({}); uninstalling anyway",
              found.error().message);
    return std::vector<ClickHouseResource>{};
  }
  if (found->empty()) return found;

  std::string listing;
  for (const auto& resource : *found) listing += "\n  " + resource.describe();
  const auto& first = found->front();
  if (!force) {
    return fail(ExitCode::failed,
                fmt::format("refusing to uninstall the operator: it still manages {} ClickHouse installation{}:{}",
                            found->size(), found->size() == 1 ? "" : "s", listing),
                fmt::format("delete them first, while the operator still runs (their finalizers need it), e.g. "
                            "kubectl delete {} {} -n {}; or pass --force to uninstall anyway and leave them "
                            "behind",
                            short_name(first.kind), first.name, first.namespace_name));
  }
  log::warn("--force: uninstalling the operator while {} ClickHouse installation{} remain:{}", found->size(),
            found->size() == 1 ? "" : "s", listing);
  log::warn("their finalizers will never be processed: deleting them will hang, and their namespaces will hang in "
            "Terminating. To clean up later, remove the finalizer, e.g. kubectl patch {} {} -n {} --type=merge -p "
            "'{{\"metadata\":{{\"finalizers\":null}}}}'",
            short_name(first.kind), first.name, first.namespace_name);
  return found;
}

}  // namespace altinity_deploy::actions
