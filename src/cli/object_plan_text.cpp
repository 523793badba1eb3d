#include "object_plan_text.hpp"

#include "altinity_deploy/plan_json/object_plan_json.hpp"

namespace altinity_deploy::cli {
namespace {

using core::escaped_format;
using core::EscapedText;
using plan::ObjectChange;

char sign_of(ObjectChange::Action action) {
  switch (action) {
    case ObjectChange::Action::create: return '+';
    case ObjectChange::Action::update: return '~';
    case ObjectChange::Action::remove: return '-';
  }
  return '?';
}

EscapedText object_text(const ObjectChange& change, bool full_diff) {
  EscapedText text = escaped_format("  {} {} ({}){}\n", sign_of(change.action), change.ref(),
                                    plan_json::source_name(change.source),
                                    change.note.empty() ? "" : ": " + change.note);
  const bool whole = full_diff && change.source == ObjectChange::Source::chart &&
                     change.action == ObjectChange::Action::update && !change.after_yaml.empty();
  if (whole) {
    const std::string diff = plan::unified_diff(change.before_yaml, change.after_yaml, change.ref());
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
    text += escaped_format("      {}: {} -> {}\n", field.path, plan::shown_value(field.before),
                           plan::shown_value(field.after));
  }
  return text;
}

}  // namespace

EscapedText format_objects(const plan::ObjectPlan& plan, bool full_diff) {
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

}  // namespace altinity_deploy::cli
