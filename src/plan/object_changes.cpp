// The object-level plan's comparison (object_changes.hpp): stored manifest
// against the new rendering, in process, object by object, field by field.
#include "altinity_deploy/plan/object_changes.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "altinity_deploy/plan/rendered_objects.hpp"
#include "altinity_deploy/plan/secret_masking.hpp"
#include "altinity_deploy/redact/redaction.hpp"
#include "altinity_deploy/yaml/yaml_emitter.hpp"
#include "altinity_deploy/yaml/yaml_to_json.hpp"

namespace altinity_deploy::plan {
namespace {

using nlohmann::json;

// One object of either side: compared raw, shown masked.
struct Side {
  std::string kind;
  std::string name;
  std::string namespace_name;
  json raw;
  json masked;
  std::string masked_yaml;
  std::string hook;  // helm.sh/hook annotation; empty: a release object
};

using Key = std::tuple<std::string, std::string, std::string>;  // kind, namespace, name

std::string hook_of(const json& object) {
  const json::json_pointer pointer("/metadata/annotations/helm.sh~1hook");
  return object.contains(pointer) && object.at(pointer).is_string() ? object.at(pointer).get<std::string>() : "";
}

Result<std::vector<Side>> sides_of(const std::string& text) {
  auto objects = parse_rendered_objects(text);
  if (!objects) return tl::unexpected(objects.error());
  std::vector<Side> sides;
  for (auto& rendered : *objects) {
    Side side;
    side.kind = member_text(rendered.object, "kind");
    if (const yaml::Node* metadata = rendered.object.find("metadata"); metadata != nullptr) {
      side.name = member_text(*metadata, "name");
      side.namespace_name = member_text(*metadata, "namespace");
    }
    side.raw = yaml::to_json(rendered.object);
    side.hook = hook_of(side.raw);
    yaml::Node masked = rendered.object;
    mask_secrets(masked);
    side.masked = yaml::to_json(masked);
    side.masked_yaml = yaml::emit(masked);
    sides.push_back(std::move(side));
  }
  return sides;
}

std::string member_path(const std::string& parent, const std::string& key) {
  const bool plain = !key.empty() && key.find_first_of(".[]\" ") == std::string::npos;
  const std::string part = plain ? key : json(key).dump();
  return parent.empty() ? part : parent + "." + part;
}

std::optional<json> at(const json& root, const json::json_pointer& pointer) {
  if (!root.contains(pointer)) return std::nullopt;
  return root.at(pointer);
}

// Every leaf (or whole subtree present on one side only) that differs.
// Lists compare item by item, so a changed image names its container's index.
void walk(const json& before, const json& after, const json::json_pointer& pointer, const std::string& path,
          const Side& old_side, const Side& new_side, std::vector<FieldChange>& out) {
  if (before == after) return;
  auto shown = [&](const Side& side) { return at(side.masked, pointer); };
  if (before.is_object() && after.is_object()) {
    std::map<std::string, bool> keys;
    for (const auto& item : before.items()) keys[item.key()] = true;
    for (const auto& item : after.items()) keys[item.key()] = true;
    for (const auto& [key, unused] : keys) {
      const json::json_pointer child = pointer / key;
      const std::string child_path = member_path(path, key);
      const bool in_before = before.contains(key);
      const bool in_after = after.contains(key);
      if (in_before && in_after) {
        walk(before.at(key), after.at(key), child, child_path, old_side, new_side, out);
      } else {
        out.push_back(FieldChange{child_path, in_before ? at(old_side.masked, child) : std::nullopt,
                                  in_after ? at(new_side.masked, child) : std::nullopt});
      }
    }
    return;
  }
  if (before.is_array() && after.is_array()) {
    const size_t common = std::min(before.size(), after.size());
    for (size_t i = 0; i < std::max(before.size(), after.size()); ++i) {
      const json::json_pointer child = pointer / i;
      const std::string child_path = fmt::format("{}[{}]", path, i);
      if (i < common) {
        walk(before.at(i), after.at(i), child, child_path, old_side, new_side, out);
      } else {
        out.push_back(FieldChange{child_path, i < before.size() ? at(old_side.masked, child) : std::nullopt,
                                  i < after.size() ? at(new_side.masked, child) : std::nullopt});
      }
    }
    return;
  }
  FieldChange change{path, shown(old_side), shown(new_side)};
  // Masked on both sides yet different underneath: a secret changed.
  if (change.before == change.after) {
    change.before = json(std::string(redact::kRedacted));
    change.after = json(std::string(redact::kRedacted) + " (changed)");
  }
  out.push_back(std::move(change));
}

ObjectChange object_change(const Side& side, ObjectChange::Action action) {
  ObjectChange change;
  change.kind = side.kind;
  change.name = side.name;
  change.namespace_name = side.namespace_name;
  change.action = action;
  change.source = ObjectChange::Source::chart;
  return change;
}

std::vector<std::string> strings_of(const json& array, const char* member) {
  std::vector<std::string> out;
  if (!array.is_array()) return out;
  for (const auto& item : array) {
    if (member == nullptr && item.is_string()) out.push_back(item.get<std::string>());
    if (member != nullptr && item.is_object() && item.contains(member) && item.at(member).is_string()) {
      out.push_back(item.at(member).get<std::string>());
    }
  }
  return out;
}

std::vector<std::string> missing_from(const std::vector<std::string>& from, const std::vector<std::string>& in) {
  std::vector<std::string> out;
  for (const auto& item : from) {
    if (std::find(in.begin(), in.end(), item) == in.end()) out.push_back(item);
  }
  return out;
}

}  // namespace

Status compare_release_objects(const std::string& stored, const std::string& rendered, ObjectPlan& plan) {
  auto old_sides = sides_of(stored);
  if (!old_sides) return tl::unexpected(old_sides.error());
  auto new_sides = sides_of(rendered);
  if (!new_sides) return tl::unexpected(new_sides.error());
  std::map<Key, const Side*> old_by_key;
  for (const Side& side : *old_sides) old_by_key[{side.kind, side.namespace_name, side.name}] = &side;
  std::map<Key, bool> seen;
  for (const Side& side : *new_sides) {
    if (!side.hook.empty()) {
      plan.hooks.push_back(HookObject{side.kind, side.name, side.hook});
      continue;
    }
    const Key key{side.kind, side.namespace_name, side.name};
    seen[key] = true;
    auto found = old_by_key.find(key);
    if (found == old_by_key.end()) {
      ObjectChange change = object_change(side, ObjectChange::Action::create);
      change.after_yaml = side.masked_yaml;
      plan.objects.push_back(std::move(change));
      continue;
    }
    const Side& old_side = *found->second;
    if (old_side.raw == side.raw) continue;
    ObjectChange change = object_change(side, ObjectChange::Action::update);
    walk(old_side.raw, side.raw, json::json_pointer(), "", old_side, side, change.changes);
    change.before_yaml = old_side.masked_yaml;
    change.after_yaml = side.masked_yaml;
    plan.objects.push_back(std::move(change));
  }
  for (const Side& side : *old_sides) {
    if (!side.hook.empty() || seen.count({side.kind, side.namespace_name, side.name}) != 0) continue;
    ObjectChange change = object_change(side, ObjectChange::Action::remove);
    change.before_yaml = side.masked_yaml;
    plan.objects.push_back(std::move(change));
  }
  return {};
}

std::vector<ObjectChange> drift_object_changes(const std::vector<drift::ObjectDrift>& drift) {
  std::vector<ObjectChange> out;
  for (const auto& object : drift) {
    ObjectChange change;
    change.kind = object.kind;
    change.name = object.name;
    change.namespace_name = object.namespace_name;
    change.source = ObjectChange::Source::drift;
    change.action = object.deleted ? ObjectChange::Action::create : ObjectChange::Action::update;
    if (object.deleted) change.note = "deleted in the cluster; up creates it again";
    for (const auto& field : object.fields) {
      auto shown = [&](const std::optional<json>& value) -> std::optional<json> {
        if (!value) return std::nullopt;
        return field.secret ? json(std::string(redact::kRedacted)) : redact::redact(*value);
      };
      change.changes.push_back(FieldChange{field.path, shown(field.live), shown(field.chart)});
    }
    out.push_back(std::move(change));
  }
  return out;
}

ClusterCrdVersions crd_versions(const json& crd) {
  ClusterCrdVersions versions;
  const json::json_pointer spec_versions("/spec/versions");
  if (crd.contains(spec_versions)) versions.versions = strings_of(crd.at(spec_versions), "name");
  const json::json_pointer stored("/status/storedVersions");
  if (crd.contains(stored)) versions.stored_versions = strings_of(crd.at(stored), nullptr);
  return versions;
}

ObjectChange crd_object_change(const CrdDocument& chart, const std::optional<ClusterCrdVersions>& cluster) {
  ObjectChange change;
  change.kind = "CustomResourceDefinition";
  change.name = chart.name;
  change.source = ObjectChange::Source::chart;
  const ClusterCrdVersions wanted = crd_versions(chart.object);
  if (!cluster) {
    change.action = ObjectChange::Action::create;
    change.note = fmt::format("versions {}", fmt::join(wanted.versions, ", "));
    return change;
  }
  change.action = ObjectChange::Action::update;
  const auto added = missing_from(wanted.versions, cluster->versions);
  const auto removed = missing_from(cluster->versions, wanted.versions);
  std::string note = added.empty() && removed.empty()
                         ? fmt::format("versions unchanged ({})", fmt::join(wanted.versions, ", "))
                         : fmt::format("versions added: {}; removed: {}",
                                       added.empty() ? "none" : fmt::format("{}", fmt::join(added, ", ")),
                                       removed.empty() ? "none" : fmt::format("{}", fmt::join(removed, ", ")));
  if (!cluster->stored_versions) {
    note += "; stored versions unknown (the CRD read has no status.storedVersions)";
  } else {
    const auto lost = missing_from(*cluster->stored_versions, wanted.versions);
    note += lost.empty() ? fmt::format("; stored versions ({}) kept", fmt::join(*cluster->stored_versions, ", "))
                         : fmt::format("; STORED VERSIONS AFFECTED: {} stored but no longer in the chart (the API "
                                       "server refuses the update until they are migrated)",
                                       fmt::join(lost, ", "));
  }
  change.note = std::move(note);
  if (!added.empty() || !removed.empty()) {
    change.changes.push_back(FieldChange{"spec.versions[].name", json(cluster->versions), json(wanted.versions)});
  }
  return change;
}

std::string shown_value(const std::optional<json>& value, std::size_t limit) {
  if (!value) return "(absent)";
  std::string text = value->dump(-1, ' ', false, json::error_handler_t::replace);
  if (text.size() <= limit) return text;
  size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
  return text.substr(0, cut) + "…";
}

}  // namespace altinity_deploy::plan
