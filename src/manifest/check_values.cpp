// spec.values is merged last into the Helm values, so a chart key there
// silently beats the typed field that means the same thing. Such a
// contradiction is an error; saying the same thing twice is fine.
#include <fmt/format.h>

#include "altinity_deploy/manifest/quantity.hpp"
#include "altinity_deploy/redact/redaction.hpp"
#include "altinity_deploy/yaml/yaml_path.hpp"
#include "sections.hpp"
#include "value_readers.hpp"

namespace altinity_deploy::manifest {

namespace {

// A key of spec.values, located.
std::optional<Field> child(const Field& parent, std::string_view key) {
  if (!parent.value->is_mapping()) return std::nullopt;
  for (const auto& [k, v] : parent.value->entries()) {
    if (k.is_scalar() && k.text() == key) return Field{&k, &v, yaml::child_path(parent.path, key)};
  }
  return std::nullopt;
}

// The values side as the message shows it: a short, redacted excerpt.
std::string shown(const yaml::Node& node) {
  if (node.is_scalar()) return redact::excerpt(node.text());
  if (node.is_null()) return "null";
  if (node.is_mapping()) return "a mapping";
  std::vector<std::string> items;
  for (const yaml::Node& item : node.items()) {
    items.push_back(item.is_scalar() ? fmt::format("\"{}\"", item.text()) : shown(item));
  }
  return redact::excerpt(fmt::format("[{}]", fmt::join(items, ", ")));
}

std::string shown(const std::vector<std::string>& list) {
  std::vector<std::string> items;
  for (const std::string& item : list) items.push_back(fmt::format("\"{}\"", item));
  return redact::excerpt(fmt::format("[{}]", fmt::join(items, ", ")));
}

void contradiction(const Field& at, std::string_view typed_path, const std::string& values_side,
                   const std::string& typed_side, Report& report) {
  report.error(at.mark(), at.path,
               fmt::format("contradicts {} ({} vs {}); set it in one place", typed_path, values_side, typed_side));
}

void check_quantity(const Field& group, std::string_view group_name, std::string_view name, const std::string& typed,
                    Report& report) {
  const auto given = child(group, name);
  if (!given) return;
  const yaml::Node& value = *given->value;
  if (value.is_scalar() && (value.text() == typed || same_quantity(value.text(), typed))) return;
  contradiction(*given, fmt::format("spec.container.resources.{}.{}", group_name, name), shown(value), typed, report);
}

void check_resources(const Field& op, const spec::ContainerResources& typed, Report& report) {
  const auto resources = child(op, "resources");
  if (!resources) return;
  if (!resources->value->is_mapping()) {
    // null or a scalar would replace every request and limit.
    contradiction(*resources, "spec.container.resources", shown(*resources->value), "requests and limits", report);
    return;
  }
  for (const auto& [name, list] : {std::pair{"requests", &typed.requests}, std::pair{"limits", &typed.limits}}) {
    const auto group = child(*resources, name);
    if (!group) continue;
    if (!group->value->is_mapping()) {
      contradiction(*group, fmt::format("spec.container.resources.{}", name), shown(*group->value), "cpu and memory",
                    report);
      continue;
    }
    check_quantity(*group, name, "cpu", list->cpu, report);
    check_quantity(*group, name, "memory", list->memory, report);
  }
}

void check_create_crd(const Field& op, bool typed, Report& report) {
  const auto given = child(op, "createCRD");
  if (!given) return;
  const std::string expected = typed ? "true" : "false";
  const yaml::Node& value = *given->value;
  if (value.is_scalar() && value.style() == yaml::Node::Style::plain && value.text() == expected) return;
  contradiction(*given, "spec.createCrds", shown(value), expected, report);
}

void check_watch(const Field& values, const std::vector<std::string>& typed, Report& report) {
  std::optional<Field> at = child(values, "configs");
  for (std::string_view key : {"files", "config.yaml", "watch", "namespaces"}) {
    if (!at) return;
    at = child(*at, key);
  }
  if (!at) return;
  const yaml::Node& value = *at->value;
  bool same = value.is_sequence() && value.size() == typed.size();
  for (std::size_t i = 0; same && i < typed.size(); ++i) {
    same = value.items()[i].is_scalar() && value.items()[i].text() == typed[i];
  }
  if (!same) contradiction(*at, "spec.watchNamespaces", shown(value), shown(typed), report);
}

void check_namespace(const Field& values, const std::string& typed, Report& report) {
  const auto given = child(values, "namespaceOverride");
  if (!given) return;
  // The chart's default "" (or nothing) means "the release namespace".
  const yaml::Node& value = *given->value;
  if (value.is_null() || (value.is_scalar() && (value.text().empty() || value.text() == typed))) return;
  contradiction(*given, "spec.namespace", shown(value), typed, report);
}

// Helm reads values into Go maps with string keys (sigs.k8s.io/yaml): a key
// that is a mapping, a list or null makes it refuse the whole values file,
// and only at `helm upgrade`, after the namespace, the lock and the CRDs.
// The tree is at most the loader's nesting limit deep.
void check_keys_helm_reads(const yaml::Node& node, const std::string& path, Report& report) {
  if (node.is_sequence()) {
    for (std::size_t i = 0; i < node.items().size(); ++i) {
      check_keys_helm_reads(node.items()[i], yaml::item_path(path, i), report);
    }
    return;
  }
  if (!node.is_mapping()) return;
  for (const auto& [key, value] : node.entries()) {
    if (key.is_mapping() || key.is_sequence()) {
      report.error(key.mark(), path, "a key that is a mapping or a list: Helm cannot read it (keys are strings)");
      continue;
    }
    const bool null_key =
        key.is_null() || (key.style() == yaml::Node::Style::plain && yaml::resolve_plain(key.text()) ==
                                                                         yaml::PlainType::null);
    if (null_key) {
      report.error(key.mark(), path, "a null key ('~', 'null' or empty): Helm cannot read it; quote it if you mean text");
      continue;
    }
    check_keys_helm_reads(value, yaml::child_path(path, key.text()), report);
  }
}

}  // namespace

void check_values_against_typed(const Field& values, const spec::OperatorSpec& typed, Report& report) {
  if (!values.value->is_mapping()) return;
  check_keys_helm_reads(*values.value, values.path, report);
  if (const auto op = child(values, "operator")) {
    check_resources(*op, typed.resources, report);
    check_create_crd(*op, typed.create_crds, report);
  }
  check_watch(values, typed.watch_namespaces, report);
  check_namespace(values, typed.namespace_name, report);
}

}  // namespace altinity_deploy::manifest
