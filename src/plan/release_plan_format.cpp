// A plan as text and as JSON. Values are already redacted by diff_values.
#include <algorithm>
#include <string_view>

#include <fmt/format.h>

#include "altinity_deploy/redact/redaction.hpp"

#include "altinity_deploy/plan/release_plan.hpp"

namespace altinity_deploy::plan {
namespace {

using nlohmann::json;

char symbol(Change::Action action) {
  switch (action) {
    case Change::Action::create: return '+';
    case Change::Action::update: return '~';
    case Change::Action::remove: return '-';
    case Change::Action::problem: return '!';
  }
  return '?';
}

const char* kind_name(Change::Kind kind) {
  switch (kind) {
    case Change::Kind::namespace_: return "namespace";
    case Change::Kind::release: return "release";
    case Change::Kind::release_status: return "releaseStatus";
    case Change::Kind::chart: return "chart";
    case Change::Kind::value: return "value";
    case Change::Kind::crd: return "crd";
    case Change::Kind::drift: return "drift";
  }
  return "unknown";
}

const char* action_name(Change::Action action) {
  switch (action) {
    case Change::Action::create: return "create";
    case Change::Action::update: return "update";
    case Change::Action::remove: return "remove";
    case Change::Action::problem: return "problem";
  }
  return "unknown";
}

// A value as JSON, so that "1" (a string) and 1 (a number) look different.
std::string value_text(const std::optional<json>& value) { return value ? value->dump() : "(absent)"; }

std::string plain_text(const std::optional<json>& value) {
  if (!value) return "(absent)";
  return value->is_string() ? value->get<std::string>() : value->dump();
}

using core::escaped_format;
using core::EscapedText;

SecretRef secret_of(const ReleasePlan& plan, const spec::OperatorSpec& spec) {
  return operator_secret(spec.release_name(), spec.namespace_name, plan.desired.chart.name, plan.desired.values);
}

}  // namespace

EscapedText format_change(const Change& change) {
  const char sign = symbol(change.action);
  switch (change.kind) {
    case Change::Kind::drift:
      // The same lines as drift::format_object; values are redacted already.
      if (change.note == "deleted") return escaped_format("! {}: deleted", change.subject);
      return escaped_format("~ {}: chart {} -> live {}", change.subject, redact::excerpt(value_text(change.after)),
                         redact::excerpt(value_text(change.before)));
    case Change::Kind::value:
      return escaped_format("{} value {}: {} -> {}{}", sign, change.subject, value_text(change.before),
                         value_text(change.after), change.note.empty() ? "" : " (" + change.note + ")");
    case Change::Kind::chart:
      return escaped_format("{} chart {}: {} -> {}", sign, change.subject, plain_text(change.before),
                         plain_text(change.after));
    case Change::Kind::release_status:
      return escaped_format("{} release {}: status {}; {}", sign, change.subject, plain_text(change.before),
                         change.note);
    case Change::Kind::namespace_:
    case Change::Kind::release:
    case Change::Kind::crd:
      return escaped_format("{} {} {}: {}", sign, kind_name(change.kind), change.subject, change.note);
  }
  return core::escaped(change.subject);
}

EscapedText format_plan(const ReleasePlan& plan, const spec::OperatorSpec& spec) {
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
  for (const auto& change : plan.changes) text += escaped_format("  {}\n", format_change(change));
  text += format_other_operators(plan.other_operators);
  text += format_operator_password(plan, spec);
  text += format_drift(plan, spec);
  text += escaped_format("{} change{}; `altinity-deploy up` makes {}.\n", plan.changes.size(),
                      plan.changes.size() == 1 ? "" : "s", plan.changes.size() == 1 ? "it" : "them");
  return text;
}

EscapedText colour_changes(const EscapedText& escaped) {
  const std::string& text = escaped.str();
  EscapedText out;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t end = std::min(text.find('\n', at), text.size());
    const std::string_view line = std::string_view(text).substr(at, end - at);
    const std::size_t start = line.find_first_not_of(' ');
    const char sign = start != std::string_view::npos && start + 1 < line.size() && line[start + 1] == ' '
                          ? line[start] : '\0';
    const EscapedText indent = escaped.substr(at, start == std::string_view::npos ? 0 : start);
    const EscapedText rest = escaped.substr(at + indent.str().size(), line.size() - indent.str().size());
    switch (sign) {
      case '+': out += escaped_format("{}\033[32m{}\033[0m", indent, rest); break;
      case '~': out += escaped_format("{}\033[33m{}\033[0m", indent, rest); break;
      case '-':
      case '!': out += escaped_format("{}\033[31m{}\033[0m", indent, rest); break;
      default: out += escaped.substr(at, line.size());
    }
    if (end < text.size()) out += escaped_format("\n");
    at = end + 1;
  }
  return out;
}

json plan_json(const ReleasePlan& plan) {
  json changes = json::array();
  for (const auto& change : plan.changes) {
    json item = {{"kind", kind_name(change.kind)}, {"action", action_name(change.action)},
                 {"subject", change.subject}};
    if (change.before) item["before"] = *change.before;
    if (change.after) item["after"] = *change.after;
    if (!change.note.empty()) item["note"] = change.note;
    item["text"] = format_change(change).str();
    changes.push_back(std::move(item));
  }
  return changes;
}

EscapedText format_operator_password(const ReleasePlan& plan, const spec::OperatorSpec& spec) {
  const OperatorPassword& password = plan.desired.operator_password;
  if (password.origin != OperatorPassword::Origin::generated) return {};
  const SecretRef secret = secret_of(plan, spec);
  return escaped_format("  operator password: {} ({}); kept in Secret {}/{}\n", redact::kGenerated, password.why,
                     secret.namespace_name, secret.name);
}

EscapedText format_password_deployed(const ReleasePlan& plan, const spec::OperatorSpec& spec) {
  const OperatorPassword& password = plan.desired.operator_password;
  if (password.origin != OperatorPassword::Origin::generated) return {};
  return escaped_format("operator password: generated ({}); read it with: {}\n", password.why,
                     read_password_command(secret_of(plan, spec)));
}

nlohmann::json operator_password_json(const ReleasePlan& plan, const spec::OperatorSpec& spec) {
  const OperatorPassword& password = plan.desired.operator_password;
  if (password.origin == OperatorPassword::Origin::manifest) return {{"origin", "manifest"}};
  const SecretRef secret = secret_of(plan, spec);
  json out = {{"origin", password.origin == OperatorPassword::Origin::generated ? "generated" : "kept"},
              {"secret", secret.name},
              {"namespace", secret.namespace_name}};
  if (!password.why.empty()) out["why"] = password.why;
  return out;
}

}  // namespace altinity_deploy::plan
