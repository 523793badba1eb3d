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

namespace altinity_deploy::actions {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

// Waiting reasons a container does not get out of by itself within a helm
// timeout. (ContainerCreating, PodInitializing: still on their way.)
constexpr std::array<std::string_view, 5> kFailFastReasons = {
    "ImagePullBackOff", "ErrImagePull", "InvalidImageName", "CreateContainerConfigError", "CrashLoopBackOff"};

// A watcher call must not hold up helm's supervision for long.
constexpr auto kListTimeout = 15s;

const json* at(const json& object, std::initializer_list<const char*> path) {
  const json* node = &object;
  for (const char* key : path) {
    if (!node->is_object()) return nullptr;
    auto it = node->find(key);
    if (it == node->end()) return nullptr;
    node = &*it;
  }
  return node;
}

std::string string_at(const json& object, std::initializer_list<const char*> path) {
  const json* node = at(object, path);
  return node != nullptr && node->is_string() ? node->get<std::string>() : std::string{};
}

// The name or uid of the controlling owner of this kind.
std::string controller(const json& item, std::string_view kind, const char* field) {
  const json* owners = at(item, {"metadata", "ownerReferences"});
  if (owners == nullptr || !owners->is_array()) return {};
  for (const auto& owner : *owners) {
    if (!owner.is_object()) continue;
    const json* is_controller = at(owner, {"controller"});
    if (is_controller == nullptr || !is_controller->is_boolean() || !is_controller->get<bool>()) continue;
    if (string_at(owner, {"kind"}) == kind) return string_at(owner, {field});
  }
  return {};
}

std::string pod_id(const json& pod) {
  std::string uid = string_at(pod, {"metadata", "uid"});
  return uid.empty() ? string_at(pod, {"metadata", "namespace"}) + "/" + string_at(pod, {"metadata", "name"}) : uid;
}

std::vector<const json*> items_of(const json& list) {
  std::vector<const json*> items;
  if (const json* array = at(list, {"items"}); array != nullptr && array->is_array()) {
    for (const auto& item : *array) {
      if (item.is_object()) items.push_back(&item);
    }
  } else if (list.is_object() && list.contains("metadata")) {
    items.push_back(&list);
  }
  return items;
}

// ReplicaSets that a newer ReplicaSet of the same Deployment replaces.
std::set<std::string> older_replica_sets(const std::vector<const json*>& items) {
  struct Revision {
    std::string name;
    std::string deployment;
    long long revision;
  };
  std::vector<Revision> sets;
  std::map<std::string, long long> newest;
  for (const json* item : items) {
    if (string_at(*item, {"kind"}) != "ReplicaSet") continue;
    const std::string deployment = controller(*item, "Deployment", "uid");
    const std::string text = string_at(*item, {"metadata", "annotations", "deployment.kubernetes.io/revision"});
    if (deployment.empty() || text.empty()) continue;
    long long revision = 0;
    try {
      revision = std::stoll(text);
    } catch (const std::exception&) {
      continue;
    }
    sets.push_back({string_at(*item, {"metadata", "name"}), deployment, revision});
    auto& top = newest[deployment];
    top = std::max(top, revision);
  }
  std::set<std::string> older;
  for (const auto& set : sets) {
    if (set.revision < newest[set.deployment]) older.insert(set.name);
  }
  return older;
}

bool is_pod(const json& item) {
  const std::string kind = string_at(item, {"kind"});
  return kind == "Pod" || (kind.empty() && at(item, {"status", "containerStatuses"}) != nullptr);
}

bool being_deleted(const json& pod) {
  const json* deletion = at(pod, {"metadata", "deletionTimestamp"});
  return deletion != nullptr && !deletion->is_null();
}

std::string last_exit(const json& status) {
  const json* terminated = at(status, {"lastState", "terminated"});
  if (terminated == nullptr || !terminated->is_object()) return {};
  const json* code = at(*terminated, {"exitCode"});
  const std::string reason = string_at(*terminated, {"reason"});
  if (code == nullptr || !code->is_number_integer()) return {};
  return fmt::format("last exit code {}{}", code->get<long long>(), reason.empty() ? "" : " (" + reason + ")");
}

// The pods this run deploys: not being deleted, and not of a Deployment's
// older ReplicaSet (a rolling update removes those once the new pods are
// ready; what keeps them failing is not what this run deploys).
std::vector<const json*> live_pods(const json& list) {
  std::vector<const json*> pods;
  const auto items = items_of(list);
  const auto older = older_replica_sets(items);
  for (const json* pod : items) {
    if (!is_pod(*pod) || being_deleted(*pod)) continue;
    if (const std::string set = controller(*pod, "ReplicaSet", "name"); !set.empty() && older.count(set) > 0) continue;
    pods.push_back(pod);
  }
  return pods;
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

exec::Watcher fail_fast_watcher(tools::KubectlClient& kubectl, const std::string& ns, const std::string& release,
                                std::chrono::seconds after, SteadyNow now, PodsSeen on_pods) {
  if (after <= 0s && !on_pods) return [] { return std::optional<std::string>{}; };
  if (!now) now = [] { return std::chrono::steady_clock::now(); };

  auto command = kubectl.command({"get", "pods,replicasets", "--namespace", ns, "--selector",
                                  "app.kubernetes.io/instance=" + release, "--output", "json",
                                  "--request-timeout=10s"});
  command.timeout = kListTimeout;
  // pod id -> (pod, container, reason) -> when first seen. Forgotten with the pod.
  using Seen = std::map<std::string, std::map<std::string, std::chrono::steady_clock::time_point>>;
  auto seen = std::make_shared<Seen>();
  exec::CommandRunner* runner = &kubectl.runner();

  return [runner, command = std::move(command), seen, after, now = std::move(now),
          on_pods = std::move(on_pods)]() -> std::optional<std::string> {
    auto result = runner->run(command);
    if (!result || !result->ok()) {
      // Never stop helm because kubectl hiccuped (or was interrupted).
      log::debug("fail-fast: listing pods failed ({}); looking again later",
                 result ? result->err_tail(1) : result.error().message);
      return std::nullopt;
    }
    json list;
    try {
      list = json::parse(result->out);
    } catch (const std::exception&) {
      return std::nullopt;
    }
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
  std::string message = fmt::format("stopped helm: a container has been stuck for more than {} s: {}", after.count(),
                                    stopped_because);
  if (const std::string tail = helm_result.err_tail(3); !tail.empty()) message += "\nhelm said:\n" + tail;
  return Error{ExitCode::failed, std::move(message),
               "fix what the pod reports (image name or tag, pull secret, configuration), then run up again; with "
               "atomic: true helm rolled the release back. --fail-fast-after 0 turns this check off."};
}

}  // namespace altinity_deploy::actions
