// The object-level plan as JSON (object_plan_json.hpp).
#include "altinity_deploy/plan_json/object_plan_json.hpp"

namespace altinity_deploy::plan_json {
namespace {

using nlohmann::json;
using plan::ObjectChange;

const char* action_name(ObjectChange::Action action) {
  switch (action) {
    case ObjectChange::Action::create: return "create";
    case ObjectChange::Action::update: return "update";
    case ObjectChange::Action::remove: return "delete";
  }
  return "unknown";
}

}  // namespace

const char* source_name(ObjectChange::Source source) {
  return source == ObjectChange::Source::chart ? "chart" : "drift";
}

json objects_json(const plan::ObjectPlan& plan) {
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

json hooks_json(const plan::ObjectPlan& plan) {
  json out = json::array();
  for (const auto& hook : plan.hooks) out.push_back({{"kind", hook.kind}, {"name", hook.name}, {"events", hook.events}});
  return out;
}

}  // namespace altinity_deploy::plan_json
