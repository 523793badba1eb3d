// Restarted and OOM-killed containers (see the header): the policy over the
// pods' JSON; the pods come from the reads up and status already make.
#include "altinity_deploy/actions/container_restarts.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "altinity_deploy/redact/redaction.hpp"
#include "pod_list.hpp"

namespace altinity_deploy::actions {
namespace {

using nlohmann::json;
using pod_list::at;
using pod_list::string_at;

constexpr const char* kOperatorMemoryField = "spec.container.resources.limits.memory";
constexpr const char* kMetricsContainer = "metrics-exporter";  // the chart's second container

// Whether spec.values sets `section`.resources.limits.memory, which then wins
// over the typed field.
bool values_set_memory_limit(const spec::OperatorSpec& spec, const char* section) {
  const yaml::Node* node = &spec.values;
  for (const char* key : {section, "resources", "limits", "memory"}) {
    if (!node->is_mapping()) return false;
    node = node->find(key);
    if (node == nullptr) return false;
  }
  return true;
}

std::string memory_field(const std::string& container, const spec::OperatorSpec& spec) {
  if (container == spec.chart.name || container == spec::kDefaultChartName) {
    return values_set_memory_limit(spec, "operator") ? "spec.values.operator.resources.limits.memory"
                                                     : kOperatorMemoryField;
  }
  if (container == kMetricsContainer) return "spec.values.metrics.resources.limits.memory";
  return {};
}

// The container's spec in the pod (containers or initContainers), by name.
const json* container_spec(const json& pod, const std::string& name, bool init) {
  const json* containers = at(pod, {"spec", init ? "initContainers" : "containers"});
  if (containers == nullptr || !containers->is_array()) return nullptr;
  for (const auto& container : *containers) {
    if (container.is_object() && string_at(container, {"name"}) == name) return &container;
  }
  return nullptr;
}

// How the container ended: now (state.terminated), else last time.
const json* termination(const json& status) {
  if (const json* now = at(status, {"state", "terminated"}); now != nullptr && now->is_object()) return now;
  if (const json* last = at(status, {"lastState", "terminated"}); last != nullptr && last->is_object()) return last;
  return nullptr;
}

std::string plural(long long count, const char* one, const char* many) {
  return fmt::format("{} {}", count, count == 1 ? one : many);
}

// The pod's fields come from the cluster and end up inside an error
// message: each is quoted as one line (a newline in a termination reason must
// not forge a line of the message).
std::string quoted(const std::string& cluster_text) { return redact::excerpt(cluster_text, 100); }

}  // namespace

std::string ContainerRestart::describe() const {
  const std::string code = exit_code ? fmt::format(" (exit code {})", *exit_code) : std::string{};
  const std::string who = fmt::format("container {} of pod {}", quoted(container), quoted(pod));
  if (oom_killed()) {
    return fmt::format("{} was OOMKilled{}{}; its memory limit is {}", who, code,
                       restarts > 0 ? ", restarted " + plural(restarts, "time", "times") : std::string{},
                       memory_limit.empty() ? "not set" : quoted(memory_limit));
  }
  return fmt::format("{} restarted {}; it last ended: {}{}", who, plural(restarts, "time", "times"),
                     reason.empty() ? "no reason given" : quoted(reason), code);
}

std::string ContainerRestart::fix() const {
  if (!oom_killed()) return {};
  const std::string field = memory_field.empty() ? "the container's memory limit (spec.values)" : memory_field;
  return memory_limit.empty() ? fmt::format("set {}", field)
                              : fmt::format("raise {} (now {})", field, quoted(memory_limit));
}

std::vector<ContainerRestart> container_restarts(const json& list, const spec::OperatorSpec& spec) {
  std::vector<ContainerRestart> found;
  for (const json* pod : pod_list::live_pods(list)) {
    for (const auto& [field, init] : {std::pair{"initContainerStatuses", true}, std::pair{"containerStatuses", false}}) {
      const json* statuses = at(*pod, {"status", field});
      if (statuses == nullptr || !statuses->is_array()) continue;
      for (const auto& status : *statuses) {
        if (!status.is_object()) continue;
        ContainerRestart entry;
        const json* count = at(status, {"restartCount"});
        entry.restarts = count != nullptr && count->is_number_integer() ? count->get<long long>() : 0;
        const json* ended = termination(status);
        if (ended != nullptr) {
          entry.reason = string_at(*ended, {"reason"});
          if (const json* code = at(*ended, {"exitCode"}); code != nullptr && code->is_number_integer()) {
            entry.exit_code = code->get<long long>();
          }
        }
        if (entry.restarts <= 0 && !entry.oom_killed()) continue;
        entry.pod = string_at(*pod, {"metadata", "name"});
        entry.container = string_at(status, {"name"});
        if (const json* declared = container_spec(*pod, entry.container, init)) {
          entry.memory_limit = string_at(*declared, {"resources", "limits", "memory"});
        }
        entry.memory_field = init ? std::string{} : memory_field(entry.container, spec);
        found.push_back(std::move(entry));
      }
    }
  }
  return found;
}

RestartDiagnosis diagnose_restarts(const std::vector<ContainerRestart>& restarts) {
  RestartDiagnosis diagnosis;
  std::vector<std::string> fixes;
  for (const auto& restart : restarts) {
    diagnosis.lines.push_back(restart.describe());
    if (std::string fix = restart.fix(); !fix.empty() && std::find(fixes.begin(), fixes.end(), fix) == fixes.end()) {
      fixes.push_back(std::move(fix));
    }
  }
  if (!fixes.empty()) {
    diagnosis.hint = fmt::format("out of memory: {}, then run up again", fmt::join(fixes, "; "));
  }
  return diagnosis;
}

}  // namespace altinity_deploy::actions
