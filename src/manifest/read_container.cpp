// spec.container.resources: Kubernetes quantities, defaults for whatever is
// not given, and requests no larger than limits.
#include <fmt/format.h>

#include "altinity_deploy/manifest/quantity.hpp"
#include "altinity_deploy/redact/redaction.hpp"
#include "manifest_fields.hpp"
#include "sections.hpp"
#include "value_readers.hpp"

namespace altinity_deploy::manifest {

namespace {

enum class Resource { cpu, memory };

// One quantity after defaults: the text, and the field when it was written.
struct Amount {
  std::string text;
  std::optional<Field> given;
};

std::string invalid_quantity_message(const std::string& written, Resource resource) {
  const std::string text = redact::excerpt(written);
  if (written.starts_with('-')) return fmt::format("must not be negative, got '{}'", text);
  if (resource == Resource::cpu) {
    return fmt::format("'{}' is not a valid CPU quantity; write cores (0.5, 2) or millicores (500m)", text);
  }
  return fmt::format("'{}' is not a valid memory quantity; write bytes with a suffix such as 256Mi, 1Gi or 129M",
                     text);
}

void read_amount(const FieldMap& fields, std::string_view name, Resource resource, Amount& amount,
                 Report& report) {
  const auto field = fields.get(name);
  if (!field) return;
  // A plain number is a proper quantity ("cpu: 2", memory in bytes).
  const auto text = read_string(*field, report, PlainCheck::accept);
  if (!text) return;
  if (!parse_quantity(*text)) {
    report.error(field->mark(), field->path, invalid_quantity_message(*text, resource));
    return;
  }
  amount = Amount{*text, field};
}

// Reads requests or limits into `list`, remembering which amounts were given.
void read_list(const FieldMap& resources, std::string_view name, spec::ResourceList& list, Amount& cpu,
               Amount& memory, Report& report) {
  cpu.text = list.cpu;
  memory.text = list.memory;
  const auto field = resources.get(name);
  if (!field) return;
  const auto fields = read_mapping(*field, name == "requests" ? requests_fields() : limits_fields(), report);
  if (!fields) return;
  read_amount(*fields, "cpu", Resource::cpu, cpu, report);
  read_amount(*fields, "memory", Resource::memory, memory, report);
  list.cpu = cpu.text;
  list.memory = memory.text;
}

// Compared after defaults: a default request can exceed a written limit.
void check_request_fits(std::string_view name, const Amount& request, const Amount& limit, Report& report) {
  const auto requested = parse_quantity(request.text);
  const auto allowed = parse_quantity(limit.text);
  if (!requested || !allowed || *requested <= *allowed || same_quantity(request.text, limit.text)) return;
  if (!request.given && !limit.given) return;  // the defaults are consistent
  const Field& where = request.given ? *request.given : *limit.given;
  report.error(where.mark(), where.path,
               fmt::format("requests.{} {}{} exceeds limits.{} {}{}", name, request.text,
                           request.given ? "" : " (the default)", name, limit.text,
                           limit.given ? "" : " (the default)"));
}

}  // namespace

void read_container(const Field& field, spec::ContainerResources& out, Report& report) {
  const auto container = read_mapping(field, container_fields(), report);
  if (!container) return;
  const auto resources_field = container->get("resources");
  if (!resources_field) return;
  const auto resources = read_mapping(*resources_field, resources_fields(), report);
  if (!resources) return;
  Amount request_cpu, request_memory, limit_cpu, limit_memory;
  read_list(*resources, "requests", out.requests, request_cpu, request_memory, report);
  read_list(*resources, "limits", out.limits, limit_cpu, limit_memory, report);
  check_request_fits("cpu", request_cpu, limit_cpu, report);
  check_request_fits("memory", request_memory, limit_memory, report);
}

}  // namespace altinity_deploy::manifest
