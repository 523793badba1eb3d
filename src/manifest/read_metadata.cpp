#include <fmt/format.h>

#include "names.hpp"
#include "manifest_fields.hpp"
#include "sections.hpp"
#include "value_readers.hpp"

namespace altinity_deploy::manifest {

namespace {

// One {kind, env, name, type, group}; kind and name are required, as in
// Planton's proto.
void read_relationship(const Field& field, spec::Relationship& out, Report& report) {
  const auto fields = read_mapping(field, relationship_fields(), report);
  if (!fields) {
    if (field.value->is_null()) report.error(field.key->mark(), field.path, "expected a mapping {kind, env, name, type}");
    return;
  }
  for (auto [key, target] : {std::pair{"kind", &out.kind}, std::pair{"env", &out.env}, std::pair{"name", &out.name},
                             std::pair{"group", &out.group}}) {
    if (auto given = fields->get(key)) {
      if (auto text = read_string(*given, report)) *target = *text;
    }
  }
  for (const char* required : {"kind", "name"}) {
    // At the item itself: an item has no key of its own.
    if (!fields->get(required)) {
      report.error(field.value->mark(), field.path, fmt::format("missing required field '{}'", required));
    }
  }
  if (auto type = fields->get("type")) {
    const std::vector<std::string_view> types(kRelationshipTypes.begin(), kRelationshipTypes.end());
    if (auto text = read_choice(*type, types, "a relationship type", report)) out.type = *text;
  }
}

void read_relationships(const Field& field, std::vector<spec::Relationship>& out, Report& report) {
  const auto items = read_items(field, "relationships ({kind, env, name, type})", report);
  if (!items) return;
  for (const Field& item : *items) {
    spec::Relationship relationship;
    read_relationship(item, relationship, report);
    out.push_back(std::move(relationship));
  }
}

}  // namespace

void read_metadata(const Field& field, spec::Metadata& out, Report& report) {
  if (field.value->is_null()) {
    report.error(field.key->mark(), field.path, "missing required field 'name'");
    return;
  }
  const auto fields =
      read_mapping(field, metadata_fields(), report);
  if (!fields) return;

  if (auto name = fields->get("name")) {
    if (auto text = read_string(*name, report)) {
      if (auto problem = dns_label_problem(*text, kMaxReleaseName, "it is also the Helm release name")) {
        report.error(name->mark(), name->path, *problem);
      }
      out.name = *text;
    }
  } else {
    report.error(field.key->mark(), field.path, "missing required field 'name'");
  }
  for (auto [key, target] : {std::pair{"slug", &out.slug}, std::pair{"id", &out.id}, std::pair{"org", &out.org},
                             std::pair{"env", &out.env}, std::pair{"group", &out.group}}) {
    if (auto given = fields->get(key)) {
      if (auto text = read_string(*given, report)) *target = *text;
    }
  }
  if (auto labels = fields->get("labels")) {
    if (auto map = read_string_map(*labels, report)) out.labels = *map;
  }
  if (auto annotations = fields->get("annotations")) {
    if (auto map = read_string_map(*annotations, report)) out.annotations = *map;
  }
  if (auto tags = fields->get("tags")) {
    if (auto list = read_string_list(*tags, report)) out.tags = *list;
  }
  if (auto relationships = fields->get("relationships")) read_relationships(*relationships, out.relationships, report);
}

}  // namespace altinity_deploy::manifest
