// The object-level plan as text and as JSON (object_changes.hpp).
#include <fmt/format.h>

#include "altinity_deploy/plan/object_changes.hpp"

namespace altinity_deploy::plan {
namespace {

using core::escaped_format;
using core::EscapedText;
using nlohmann::json;

char sign_of(ObjectChange::Action action) {
  switch (action) {
    case ObjectChange::Action::create: return '+';
    case ObjectChange::Action::update: return '~';
    case ObjectChange::Action::remove: return '-';
  }
  return '?';
}

const char* action_name(ObjectChange::Action action) {
  switch (action) {
    case ObjectChange::Action::create: return "create";
    case ObjectChange::Action::update: return "update";
    case ObjectChange::Action::remove: return "delete";
  }
  return "unknown";
}

const char* source_name(ObjectChange::Source source) {
  return source == ObjectChange::Source::chart ? "chart" : "drift";
}

EscapedText object_text(const ObjectChange& change, bool full_diff) {
  EscapedText text = escaped_format("  {} {} ({}){}\n", sign_of(change.action), change.ref(),
                                    source_name(change.source), change.note.empty() ? "" : ": " + change.note);
  const bool whole = full_diff && change.source == ObjectChange::Source::chart &&
                     change.action == ObjectChange::Action::update && !change.after_yaml.empty();
  if (whole) {
    const std::string diff = unified_diff(change.before_yaml, change.after_yaml, change.ref());
    size_t start = 0;
    while (start < diff.size()) {
      size_t end = diff.find('\n', start);
      if (end == std::string::npos) end = diff.size();
      text += escaped_format("      {}\n", diff.substr(start, end - start));
      start = end + 1;
    }
    return text;
  }
  for (const auto& field : change.changes) {
    text += escaped_format("      {}: {} -> {}\n", field.path, shown_value(field.before), shown_value(field.after));
  }
  return text;
}

}  // namespace

EscapedText format_objects(const ObjectPlan& plan, bool full_diff) {
  if (!plan.rendered && plan.objects.empty()) return {};
  EscapedText text;
  if (plan.rendered) {
    text = escaped_format("Objects (the release's stored manifest against helm template {}):\n", plan.capabilities);
  } else {
    text = escaped_format("Objects:\n");
  }
  if (plan.objects.empty()) text += escaped_format("  no object changes\n");
  for (const auto& change : plan.objects) text += object_text(change, full_diff);
  for (const auto& hook : plan.hooks) {
    text += escaped_format("  hook {}/{} ({}): runs during up, not kept in the release\n", hook.kind, hook.name,
                           hook.events);
  }
  return text;
}

json objects_json(const ObjectPlan& plan) {
  json out = json::array();
  for (const auto& change : plan.objects) {
    json item = {{"kind", change.kind},
                 {"name", change.name},
                 {"action", action_name(change.action)},
                 {"source", source_name(change.source)}};
    if (!change.namespace_name.empty()) item["namespace"] = change.namespace_name;
    json changes = json::array();
    for (const auto& field : change.changes) {
      json entry = {{"path", field.path}};
      if (field.before) entry["before"] = *field.before;
      if (field.after) entry["after"] = *field.after;
      changes.push_back(std::move(entry));
    }
    item["changes"] = std::move(changes);
    if (!change.note.empty()) item["note"] = change.note;
    out.push_back(std::move(item));
  }
  return out;
}

json hooks_json(const ObjectPlan& plan) {
  json out = json::array();
  for (const auto& hook : plan.hooks) out.push_back({{"kind", hook.kind}, {"name", hook.name}, {"events", hook.events}});
  return out;
}

}  // namespace altinity_deploy::plan
