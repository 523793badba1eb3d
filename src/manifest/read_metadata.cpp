#include <fmt/format.h>

#include "names.hpp"
#include "manifest_fields.hpp"
#include "sections.hpp"
#include "value_readers.hpp"

namespace altinity_deploy::manifest {

namespace {

// Helm refuses release names longer than 53 characters, and the name is
// the release name.
constexpr std::size_t kMaxReleaseName = 53;

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
  for (auto [key, target] : {std::pair{"id", &out.id}, std::pair{"org", &out.org}, std::pair{"env", &out.env}}) {
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
}

}  // namespace altinity_deploy::manifest
