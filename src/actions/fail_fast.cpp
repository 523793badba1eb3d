// The fail-fast watcher (see the header). The pure part, stuck_containers(),
// reads kubectl's JSON; the watcher adds memory (when each stuck container
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
#include "pod_list.hpp"

namespace altinity_deploy::actions {
using pod_list::at;
using pod_list::items_of;
using pod_list::is_pod;
using pod_list::live_pods;
using pod_list::pod_id;
using pod_list::string_at;
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

// Waiting reasons a container does not get out of by itself within a helm
// timeout. (ContainerCreating, PodInitializing: still on their way.)
constexpr std::array<std::string_view, 5> kFailFastReasons = {
    "ImagePullBackOff", "ErrImagePull", "InvalidImageName", "CreateContainerConfigError", "CrashLoopBackOff"};

std::string last_exit(const json& status) {
  const json* terminated = at(status, {"lastState", "terminated"});
  if (terminated == nullptr || !terminated->is_object()) return {};
  const json* code = at(*terminated, {"exitCode"});
  const std::string reason = string_at(*terminated, {"reason"});
  if (code == nullptr || !code->is_number_integer()) return {};
  return fmt::format("last exit code {}{}", code->get<long long>(), reason.empty() ? "" : " (" + reason + ")");
}

}  // namespace

std::string StuckContainer::describe() const {
  return fmt::format("pod {} {} {}: {}{}", pod, init ? "init container" : "container", container, reason,
                     message.empty() ? "" : ": " + message);
}

std::vector<StuckContainer> stuck_containers(const json& list) {
  std::vector<StuckContainer> stuck;
  for (const json* pod : live_pods(list)) {
    const std::string name = string_at(*pod, {"metadata", "name"});
    for (const auto& [field, init] : {std::pair{"initContainerStatuses", true}, std::pair{"containerStatuses", false}}) {
      const json* statuses = at(*pod, {"status", field});
      if (statuses == nullptr || !statuses->is_array()) continue;
      for (const auto& status : *statuses) {
        if (!status.is_object()) continue;
        const std::string reason = string_at(status, {"state", "waiting", "reason"});
        if (std::find(kFailFastReasons.begin(), kFailFastReasons.end(), reason) == kFailFastReasons.end()) continue;
        StuckContainer entry;
        entry.pod = name;
        entry.container = string_at(status, {"name"});
        entry.init = init;
        entry.reason = reason;
        entry.message = string_at(status, {"state", "waiting", "message"});
        if (reason == "CrashLoopBackOff") {
          if (const std::string exit = last_exit(status); !exit.empty()) {
            entry.message += (entry.message.empty() ? "" : "; ") + exit;
          }
        }
        entry.key = pod_id(*pod) + "\n" + (init ? "init:" : "") + entry.container + "\n" + reason;
        stuck.push_back(std::move(entry));
      }
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
    const json& list = *pods_and_sets;
    if (on_pods) on_pods(list);
    if (after <= 0s) return std::nullopt;
    const auto stamp = now();
    std::set<std::string> pods;
    for (const json* item : items_of(list)) {
      if (is_pod(*item)) pods.insert(pod_id(*item));
    }
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

PodProgress pod_progress(const json& list) {
  PodProgress progress;
  for (const json* pod : live_pods(list)) {
    ++progress.total;
    std::string unscheduled;
    if (const json* conditions = at(*pod, {"status", "conditions"}); conditions != nullptr && conditions->is_array()) {
      for (const auto& condition : *conditions) {
        if (!condition.is_object()) continue;
        const std::string type = string_at(condition, {"type"});
        const std::string status = string_at(condition, {"status"});
        if (type == "Ready" && status == "True") ++progress.ready;
        if (type == "PodScheduled" && status == "False") {
          const std::string message = string_at(condition, {"message"});
          unscheduled = fmt::format("{} (pod {}){}", string_at(condition, {"reason"}),
                                    string_at(*pod, {"metadata", "name"}), message.empty() ? "" : ": " + message);
        }
      }
    }
    if (!progress.waiting.empty()) continue;
    progress.waiting = unscheduled;
    for (const auto& [field, init] : {std::pair{"initContainerStatuses", true}, std::pair{"containerStatuses", false}}) {
      const json* statuses = at(*pod, {"status", field});
      if (statuses == nullptr || !statuses->is_array() || !progress.waiting.empty()) continue;
      for (const auto& status : *statuses) {
        const std::string reason = status.is_object() ? string_at(status, {"state", "waiting", "reason"}) : "";
        if (reason.empty()) continue;
        // The reason first: a status line cut to the terminal's width keeps it.
        const std::string message = string_at(status, {"state", "waiting", "message"});
        progress.waiting = fmt::format("{} (pod {} {} {}){}", reason, string_at(*pod, {"metadata", "name"}),
                                       init ? "init container" : "container", string_at(status, {"name"}),
                                       message.empty() ? "" : ": " + message);
        break;
      }
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
