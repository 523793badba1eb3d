#include "drift_text.hpp"

#include <fmt/format.h>

#include "altinity_deploy/redact/redaction.hpp"

namespace altinity_deploy::cli {
namespace {

using nlohmann::json;

// plan's shown value (a secret's "<redacted>", others redacted), cut.
std::string shown(const std::optional<json>& value, bool secret) {
  const auto safe = plan::shown_drift_value(value, secret);
  return safe ? redact::excerpt(safe->dump()) : "(absent)";
}

}  // namespace

std::vector<std::string> drift_lines(const drift::ObjectDrift& object) {
  if (object.deleted) return {fmt::format("! {}: deleted", object.ref())};
  std::vector<std::string> lines;
  for (const auto& field : object.fields) {
    lines.push_back(fmt::format("~ {}: {}: chart {} -> live {}", object.ref(), field.path,
                                shown(field.chart, field.secret), shown(field.live, field.secret)));
  }
  return lines;
}

core::EscapedText format_drift(const plan::ReleasePlan& plan, const spec::OperatorSpec& spec) {
  if (!plan.drift_unchecked.empty()) return core::escaped_format("  drift not checked: {}\n", plan.drift_unchecked);
  if (plan.drift.empty() || spec.drift_detection.mode != spec::DriftDetection::Mode::warn) return {};
  core::EscapedText text = core::escaped_format("Drift (driftDetection.mode: warn; not a change, up leaves it):\n");
  for (const auto& object : plan.drift) {
    for (const auto& line : drift_lines(object)) text += core::escaped_format("  {}\n", line);
  }
  return text;
}

}  // namespace altinity_deploy::cli
