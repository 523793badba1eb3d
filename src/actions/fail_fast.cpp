// The fail-fast watcher (see the header). The pure part, stuck_containers(),
// reads the parsed pod list (tools/kube_objects.hpp); the watcher adds memory (when each stuck container
// was first seen) and the clock.
#include "altinity_deploy/actions/fail_fast.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string_view>

#include <fmt/format.h>

#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/redact/redaction.hpp"
#include "live_pods.hpp"

namespace altinity_deploy::actions {
namespace {

using namespace std::chrono_literals;

// Waiting reasons a container does not get out of by itself within a helm
// timeout. (ContainerCreating, PodInitializing: still on their way.)
constexpr std::array<std::string_view, 5> kFailFastReasons = {
    "ImagePullBackOff", "ErrImagePull", "InvalidImageName", "CreateContainerConfigError", "CrashLoopBackOff"};

std::string last_exit(const tools::ContainerState& container) {
  const auto& ended = container.last_terminated;
  if (!ended || !ended->exit_code) return {};
  return fmt::format("last exit code {}{}", *ended->exit_code, ended->reason.empty() ? "" : " (" + ended->reason + ")");
}

}  // namespace

std::string StuckContainer::describe() const {
  return fmt::format("pod {} {} {}: {}{}", pod, init ? "init container" : "container", container, reason,
                     message.empty() ? "" : ": " + message);
}

std::vector<StuckContainer> stuck_containers(const tools::Workloads& workloads) {
  std::vector<StuckContainer> stuck;
  for (const tools::Pod* pod : live_pods(workloads)) {
    for (const auto& container : pod->containers) {
      const std::string& reason = container.waiting_reason;
      if (std::find(kFailFastReasons.begin(), kFailFastReasons.end(), reason) == kFailFastReasons.end()) continue;
      StuckContainer entry;
      entry.pod = pod->name;
      entry.container = container.name;
      entry.init = container.init;
      entry.reason = reason;
      entry.message = container.waiting_message;
      if (reason == "CrashLoopBackOff") {
        if (const std::string exit = last_exit(container); !exit.empty()) {
          entry.message += (entry.message.empty() ? "" : "; ") + exit;
        }
      }
      entry.key = pod->id() + "\n" + (container.init ? "init:" : "") + entry.container + "\n" + reason;
      stuck.push_back(std::move(entry));
    }
  }
  return stuck;
}

exec::Watcher fail_fast_watcher(tools::KubectlClient& kubectl, std::chrono::seconds after, SteadyNow now,
                                PodsSeen on_pods) {
  if (after <= 0s && !on_pods) return [] { return std::optional<std::string>{}; };
  if (!now) now = [] { return std::chrono::steady_clock::now(); };

  // pod id -> (pod, container, reason) -> when first seen. Forgotten with the pod.
  using Seen = std::map<std::string, std::map<std::string, std::chrono::steady_clock::time_point>>;
  auto seen = std::make_shared<Seen>();
  tools::KubectlClient* client = &kubectl;

  return [client, seen, after, now = std::move(now), on_pods = std::move(on_pods)]() -> std::optional<std::string> {
    auto pods_and_sets = client->pods_of_release();
    if (!pods_and_sets) {
      // Never stop helm because kubectl hiccuped (or was interrupted).
      log::debug("fail-fast: listing pods failed ({}); looking again later", pods_and_sets.error().message);
      return std::nullopt;
    }
    const tools::Workloads& list = *pods_and_sets;
    for (const auto& why : list.skipped) log::debug("fail-fast: left out of the pod list: {}", why);
    if (on_pods) on_pods(list);
    if (after <= 0s) return std::nullopt;
    const auto stamp = now();
    std::set<std::string> pods;
    for (const auto& pod : list.pods) pods.insert(pod.id());
    std::erase_if(*seen, [&](const auto& entry) { return pods.count(entry.first) == 0; });

    std::optional<StuckContainer> worst;
    std::chrono::steady_clock::time_point worst_since{};
    for (auto& container : stuck_containers(list)) {
      const std::string pod = container.key.substr(0, container.key.find('\n'));
      const auto since = (*seen)[pod].try_emplace(container.key, stamp).first->second;
      if (stamp - since < after) continue;
      if (!worst || since < worst_since) {
        worst_since = since;
        worst = std::move(container);
      }
    }
    if (!worst) return std::nullopt;
    return worst->describe();
  };
}

PodProgress pod_progress(const tools::Workloads& workloads) {
  PodProgress progress;
  for (const tools::Pod* pod : live_pods(workloads)) {
    ++progress.total;
    std::string unscheduled;
    for (const auto& condition : pod->conditions) {
      if (condition.type == "Ready" && condition.status == "True") ++progress.ready;
      if (condition.type == "PodScheduled" && condition.status == "False") {
        unscheduled = fmt::format("{} (pod {}){}", condition.reason, pod->name,
                                  condition.message.empty() ? "" : ": " + condition.message);
      }
    }
    if (!progress.waiting.empty()) continue;
    progress.waiting = unscheduled;
    if (!progress.waiting.empty()) continue;
    for (const auto& container : pod->containers) {
      if (container.waiting_reason.empty()) continue;
      // The reason first: a status line cut to the terminal's width keeps it.
      progress.waiting = fmt::format("{} (pod {} {} {}){}", container.waiting_reason, pod->name,
                                     container.init ? "init container" : "container", container.name,
                                     container.waiting_message.empty() ? "" : ": " + container.waiting_message);
      break;
    }
  }
  return progress;
}

Error fail_fast_error(const std::string& stopped_because, std::chrono::seconds after,
                      const exec::CommandResult& helm_result) {
  // stopped_because quotes the pod's status (cluster text): one line of it,
  // so a newline in a reason cannot forge a line of the message.
  std::string message = fmt::format("stopped helm: a container has been stuck for more than {} s: {}", after.count(),
                                    redact::excerpt(stopped_because, 1000));
  if (const std::string tail = helm_result.err_tail(3); !tail.empty()) message += "\nhelm said:\n" + tail;
  return Error{ExitCode::failed, std::move(message),
               "fix what the pod reports (image name or tag, pull secret, configuration), then run up again; with "
               "atomic: true helm rolled the release back. --fail-fast-after 0 turns this check off."};
}

}  // namespace altinity_deploy::actions
