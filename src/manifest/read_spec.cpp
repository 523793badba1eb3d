#include <fmt/format.h>
#include <re2/re2.h>

#include "altinity_deploy/redact/redaction.hpp"
#include "names.hpp"
#include "manifest_fields.hpp"
#include "sections.hpp"
#include "value_readers.hpp"

namespace altinity_deploy::manifest {

namespace {

constexpr std::size_t kMaxLabel = 63;

void read_namespace(const Field& field, std::string& out, Report& report) {
  const auto text = read_string(field, report);
  if (!text) return;
  if (auto problem = dns_label_problem(*text, kMaxLabel, "the DNS-1123 label limit")) {
    report.error(field.mark(), field.path, *problem);
    return;
  }
  out = *text;
}

// RE2 reads \C as "any byte"; Go's regexp, which the operator uses, refuses it.
bool matches_any_byte(std::string_view pattern) {
  for (std::size_t i = 0; i + 1 < pattern.size(); ++i) {
    if (pattern[i] != '\\') continue;
    if (pattern[i + 1] == 'C') return true;
    ++i;  // an escaped character, e.g. the second '\' of "\\C"
  }
  return false;
}

void read_watch_namespaces(const Field& field, std::vector<std::string>& out, Report& report) {
  const auto list = read_string_list(field, report);
  if (!list) return;
  if (list->empty()) {
    // The chart reads [] as "only the operator's own namespace", which is
    // rarely meant; make the user say it.
    report.error(field.mark(), field.path,
                 "must list at least one namespace regex; write [\".*\"] for all namespaces");
    return;
  }
  // The operator compiles each with Go's regexp; RE2 reads the same syntax.
  // One it cannot read would make the operator ignore or reject its config.
  RE2::Options options;
  options.set_log_errors(false);
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string& text = (*list)[i];
    const RE2 pattern(text, options);
    std::string problem = pattern.ok() ? std::string() : redact::excerpt(pattern.error());
    if (problem.empty() && matches_any_byte(text)) problem = "\\C (any byte) is RE2's, not Go's";
    if (!problem.empty()) {
      report.error(field.mark(), fmt::format("{}[{}]", field.path, i),
                   fmt::format("not a regular expression in Go's syntax (which the operator uses): {}", problem));
    }
  }
  out = *list;
}

}  // namespace

void read_spec(const Field& field, spec::OperatorSpec& out, Report& report) {
  const auto fields = read_mapping(field, spec_fields(), report);
  if (!fields) return;
  if (auto target = fields->get("targetCluster")) read_target_cluster(*target, out.target_cluster, report);
  if (auto ns = fields->get("namespace")) read_namespace(*ns, out.namespace_name, report);
  if (auto container = fields->get("container")) read_container(*container, out.resources, report);
  if (auto chart = fields->get("chart")) read_chart(*chart, out.chart, report);
  if (auto watch = fields->get("watchNamespaces")) read_watch_namespaces(*watch, out.watch_namespaces, report);
  if (auto crds = fields->get("createCrds")) {
    if (auto value = read_bool(*crds, report)) out.create_crds = *value;
  }
  if (auto helm = fields->get("helm")) read_helm(*helm, out.helm, report);
  if (auto drift = fields->get("driftDetection")) read_drift_detection(*drift, out.drift_detection, report);
  // Last: the contradiction checks compare against the typed fields above.
  if (auto values = fields->get("values"); values && expect_mapping(*values, report)) {
    if (values->value->is_mapping()) out.values = *values->value;
    check_values_against_typed(*values, out, report);
  }
}

}  // namespace altinity_deploy::manifest
