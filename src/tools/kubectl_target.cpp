// `kubectl config view --minify` (which context and server a run targets),
// answered from the read cache when kubectl and its kubeconfig inputs are
// the same as for the kept answer.
#include <fmt/format.h>

#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/core/sha256.hpp"
#include "altinity_deploy/core/try.hpp"
#include "altinity_deploy/tools/kubectl_client.hpp"

namespace altinity_deploy::tools {
namespace {

using nlohmann::json;

// What the cache keeps: the ClusterTarget, nothing of the kubeconfig's users.
std::string target_entry(const ClusterTarget& target) {
  return json{{"context", target.context}, {"cluster", target.cluster}, {"server", target.server}}.dump();
}

std::optional<ClusterTarget> target_of_entry(const std::string& entry) {
  const json doc = json::parse(entry, nullptr, false);
  if (!doc.is_object()) return std::nullopt;
  ClusterTarget target{doc.value("context", std::string{}), doc.value("cluster", std::string{}),
                       doc.value("server", std::string{})};
  if (target.server.empty()) return std::nullopt;
  return target;
}

}  // namespace

Result<ClusterTarget> KubectlClient::describe_target() {
  const exec::Command command = base({"config", "view", "--minify", "--output", "json"});
  std::optional<std::string> key;
  if (cache_.enabled()) {
    const auto kubectl = program_identity(binary_);
    const auto kubeconfig = kubeconfig_cache_identity(access_.kubeconfig, access_.context);
    // Hashed: the key names files and a context, and needs no more.
    if (kubectl && kubeconfig) key = "kubectl config-view " + core::sha256_hex(*kubectl + "\n" + *kubeconfig);
  }
  if (key) {
    if (auto entry = cache_.get(*key)) {
      if (auto target = target_of_entry(*entry)) {
        log::debug("cache hit: {} (answered from {}; not run)", command.display(), cache_.folder());
        return *target;
      }
    }
    log::debug("cache miss: {}", command.display());
  }
  TRY_ASSIGN(result, read(command));
  if (!result.ok()) {
    return fail(ExitCode::unavailable, fmt::format("cannot read the kubeconfig: {}", result.err_tail(2)),
                "check --kubeconfig / KUBECONFIG and --context");
  }
  auto target = parse_minified_config(result.out);
  // A server URL with a user:password or a query (a token) is not written
  // down, even in the private cache.
  if (target && key && !result.dry_run && target->server.find_first_of("@?") == std::string::npos) {
    cache_.put(*key, target_entry(*target));
  }
  return target;
}

}  // namespace altinity_deploy::tools
