#include "plan_text.hpp"

#include <fmt/format.h>

#include "altinity_deploy/plan_json/release_plan_json.hpp"
#include "altinity_deploy/redact/redaction.hpp"
#include "drift_text.hpp"

namespace altinity_deploy::cli {

using core::escaped_format;
using core::EscapedText;
using plan::OperatorPassword;

EscapedText format_plan(const plan::ReleasePlan& plan, const spec::OperatorSpec& spec) {
  const EscapedText chart = escaped_format("{} {}", plan.desired.chart.name, plan.desired.chart.version);
  if (plan.empty()) {
    const auto* release = plan.release();
    return escaped_format("No changes: release '{}' in namespace '{}' matches the manifest (chart {}{}).\n",
                          spec.release_name(), spec.namespace_name, chart,
                          release != nullptr ? fmt::format(", revision {}", release->revision) : "") +
           format_other_operators(plan.other_operators) + format_drift(plan, spec);
  }
  EscapedText text = escaped_format("Plan for release '{}' in namespace '{}' (chart {}):\n", spec.release_name(),
                                    spec.namespace_name, chart);
  for (const auto& change : plan.changes) text += escaped_format("  {}\n", plan_json::change_line(change));
  text += format_other_operators(plan.other_operators);
  text += format_operator_password(plan, spec);
  text += format_drift(plan, spec);
  text += escaped_format("{} change{}; `altinity-deploy up` makes {}.\n", plan.changes.size(),
                         plan.changes.size() == 1 ? "" : "s", plan.changes.size() == 1 ? "it" : "them");
  return text;
}

EscapedText format_other_operators(const plan::OtherOperators& others) {
  EscapedText text;
  for (const auto& release : others.found) {
    text += escaped_format("  ! another operator: {}\n", plan::describe_other_operator(release));
  }
  if (others.found.empty()) return text;
  if (others.allowed) return text + core::escaped("    --allow-second-operator: up runs beside it\n");
  if (!others.installs) {
    return text + escaped_format("    the release is installed already: up upgrades it beside that one; {}\n",
                                 plan::adopt_hint(others.found.front()));
  }
  return text + escaped_format("    up refuses to install beside it; {}\n", plan::adopt_hint(others.found.front()));
}

EscapedText format_operator_password(const plan::ReleasePlan& plan, const spec::OperatorSpec& spec) {
  const OperatorPassword& password = plan.desired.operator_password;
  if (password.origin != OperatorPassword::Origin::generated) return {};
  const plan::SecretRef secret = plan::operator_secret(plan, spec);
  return escaped_format("  operator password: {} ({}); kept in Secret {}/{}\n", redact::kGenerated, password.why,
                        secret.namespace_name, secret.name);
}

EscapedText format_password_deployed(const plan::ReleasePlan& plan, const spec::OperatorSpec& spec) {
  const OperatorPassword& password = plan.desired.operator_password;
  if (password.origin != OperatorPassword::Origin::generated) return {};
  return escaped_format("operator password: generated ({}); read it with: {}\n", password.why,
                        plan::read_password_command(plan::operator_secret(plan, spec)));
}

}  // namespace altinity_deploy::cli
