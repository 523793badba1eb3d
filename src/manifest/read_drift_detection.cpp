// spec.driftDetection: {mode: enabled|warn|disabled, ignore: [{paths, target: {kind, name}}]},
// as Flux's HelmRelease spells it.
#include <fmt/format.h>

#include "altinity_deploy/redact/redaction.hpp"
#include "altinity_deploy/yaml/yaml_path.hpp"
#include "manifest_fields.hpp"
#include "sections.hpp"
#include "value_readers.hpp"

namespace altinity_deploy::manifest {
namespace {

using Mode = spec::DriftDetection::Mode;

void read_mode(const Field& field, Mode& out, Report& report) {
  const auto text = read_string(field, report);
  if (!text) return;
  if (*text == "enabled") out = Mode::enabled;
  else if (*text == "warn") out = Mode::warn;
  else if (*text == "disabled") out = Mode::disabled;
  else report.error(field.mark(), field.path,
                    fmt::format("must be enabled, warn or disabled, got '{}'", redact::excerpt(*text)));
}

void read_target(const Field& field, spec::DriftIgnoreRule& out, Report& report) {
  const auto fields = read_mapping(field, drift_target_fields(), report);
  if (!fields) return;
  if (auto kind = fields->get("kind")) {
    if (auto text = read_string(*kind, report)) out.kind = *text;
  }
  if (auto name = fields->get("name")) {
    if (auto text = read_string(*name, report)) out.name = *text;
  }
}

void read_paths(const Field& field, std::vector<std::string>& out, Report& report) {
  auto paths = read_string_list(field, report);
  if (!paths) return;
  if (paths->empty()) {
    report.error(field.mark(), field.path, "must list at least one JSON pointer, e.g. /spec/replicas");
    return;
  }
  for (std::size_t i = 0; i < paths->size(); ++i) {
    const std::string& path = (*paths)[i];
    if (path.size() < 2 || path[0] != '/') {
      report.error(field.value->items()[i].mark(), yaml::item_path(field.path, i),
                   fmt::format("must be a JSON pointer starting with '/', e.g. /spec/replicas, got '{}'",
                               redact::excerpt(path)));
      return;
    }
  }
  out = std::move(*paths);
}

void read_rule(const Field& field, spec::DriftIgnoreRule& out, Report& report) {
  const auto fields = read_mapping(field, drift_ignore_rule_fields(), report);
  if (!fields) return;
  if (auto paths = fields->get("paths")) {
    read_paths(*paths, out.paths, report);
  } else {
    report.error(field.mark(), field.path, "needs paths: the JSON pointers to ignore, e.g. [/spec/replicas]");
  }
  if (auto target = fields->get("target")) read_target(*target, out, report);
}

void read_ignore(const Field& field, std::vector<spec::DriftIgnoreRule>& out, Report& report) {
  const auto items = read_items(field, "rules ({paths: [...], target: {kind, name}})", report);
  if (!items) return;
  for (const Field& item : *items) {
    spec::DriftIgnoreRule rule;
    read_rule(item, rule, report);
    if (!rule.paths.empty()) out.push_back(std::move(rule));
  }
}

}  // namespace

void read_drift_detection(const Field& field, spec::DriftDetection& out, Report& report) {
  const auto fields = read_mapping(field, drift_detection_fields(), report);
  if (!fields) return;
  if (auto mode = fields->get("mode")) read_mode(*mode, out.mode, report);
  if (auto ignore = fields->get("ignore")) read_ignore(*ignore, out.ignore, report);
}

}  // namespace altinity_deploy::manifest
