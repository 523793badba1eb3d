// A plan's changes, drift and operator password as JSON, and the one line of
// a change that the JSON's "text" member and cli's text both show. Values
// are already redacted by diff_values.
#include "altinity_deploy/plan_json/release_plan_json.hpp"

#include "altinity_deploy/redact/redaction.hpp"

namespace altinity_deploy::plan_json {
namespace {

using core::escaped_format;
using core::EscapedText;
using nlohmann::json;
using plan::Change;
using plan::OperatorPassword;

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

}  // namespace

EscapedText change_line(const Change& change) {
  const char sign = symbol(change.action);
  switch (change.kind) {
    case Change::Kind::drift:
      // The same lines as cli's drift_lines; values are redacted already.
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

json changes_json(const plan::ReleasePlan& plan) {
  json changes = json::array();
  for (const auto& change : plan.changes) {
    json item = {{"kind", kind_name(change.kind)}, {"action", action_name(change.action)},
                 {"subject", change.subject}};
    if (change.before) item["before"] = *change.before;
    if (change.after) item["after"] = *change.after;
    if (!change.note.empty()) item["note"] = change.note;
    item["text"] = change_line(change).str();
    changes.push_back(std::move(item));
  }
  return changes;
}

json drift_json(const plan::ReleasePlan& plan) {
  json out = json::array();
  for (const auto& object : plan.drift) {
    json item = {{"object", object.ref()}, {"kind", object.kind}, {"name", object.name}};
    if (!object.namespace_name.empty()) item["namespace"] = object.namespace_name;
    if (object.deleted) item["deleted"] = true;
    json fields = json::array();
    for (const auto& field : object.fields) {
      json entry = {{"path", field.path}, {"pointer", field.pointer}};
      if (auto chart = plan::shown_drift_value(field.chart, field.secret)) entry["chart"] = *chart;
      if (auto live = plan::shown_drift_value(field.live, field.secret)) entry["live"] = *live;
      fields.push_back(std::move(entry));
    }
    item["fields"] = std::move(fields);
    out.push_back(std::move(item));
  }
  return out;
}

json operator_password_json(const plan::ReleasePlan& plan, const spec::OperatorSpec& spec) {
  const OperatorPassword& password = plan.desired.operator_password;
  if (password.origin == OperatorPassword::Origin::manifest) return {{"origin", "manifest"}};
  const plan::SecretRef secret = plan::operator_secret(plan, spec);
  json out = {{"origin", password.origin == OperatorPassword::Origin::generated ? "generated" : "kept"},
              {"secret", secret.name},
              {"namespace", secret.namespace_name}};
  if (!password.why.empty()) out["why"] = password.why;
  return out;
}

json other_operators_json(const plan::OtherOperators& others) {
  json list = json::array();
  for (const auto& release : others.found) {
    list.push_back({{"release", release.name},
                    {"namespace", release.namespace_name},
                    {"chart", release.chart_name},
                    {"chartVersion", release.chart_version},
                    {"status", release.status},
                    {"revision", release.revision}});
  }
  return list;
}

}  // namespace altinity_deploy::plan_json
