// Restarted and OOM-killed containers (see the header): the policy over the
// parsed pods; they come from the reads up and status already make.
#include "altinity_deploy/actions/container_restarts.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "altinity_deploy/redact/redaction.hpp"
#include "live_pods.hpp"

namespace altinity_deploy::actions {
namespace {

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

// How the container ended: now (state.terminated), else last time.
const tools::ContainerEnd* termination(const tools::ContainerState& container) {
  if (container.terminated) return &*container.terminated;
  if (container.last_terminated) return &*container.last_terminated;
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

std::vector<ContainerRestart> container_restarts(const tools::Workloads& pods, const spec::OperatorSpec& spec) {
  std::vector<ContainerRestart> found;
  for (const tools::Pod* pod : live_pods(pods)) {
    for (const auto& container : pod->containers) {
      ContainerRestart entry;
      entry.restarts = container.restarts;
      if (const tools::ContainerEnd* ended = termination(container)) {
        entry.reason = ended->reason;
        entry.exit_code = ended->exit_code;
      }
      if (entry.restarts <= 0 && !entry.oom_killed()) continue;
      entry.pod = pod->name;
      entry.container = container.name;
      entry.memory_limit = container.memory_limit;
      entry.memory_field = container.init ? std::string{} : memory_field(entry.container, spec);
      found.push_back(std::move(entry));
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
