#include <fmt/format.h>

#include "manifest_fields.hpp"
#include "names.hpp"
#include "sections.hpp"
#include "value_readers.hpp"

namespace altinity_deploy::manifest {

void read_helm(const Field& field, spec::HelmSettings& out, Report& report) {
  const auto fields = read_mapping(field, helm_fields(), report);
  if (!fields) return;
  if (auto name = fields->get("releaseName")) {
    if (auto text = read_string(*name, report)) {
      if (auto problem = dns_label_problem(*text, kMaxReleaseName, "Helm's limit for a release name")) {
        report.error(name->mark(), name->path, *problem);
      } else {
        out.release_name = *text;
      }
    }
  }
  if (auto timeout = fields->get("timeoutSeconds")) {
    if (auto seconds = read_whole_number(*timeout, report)) {
      if (*seconds < 1 || *seconds > kMaxTimeoutSeconds) {
        report.error(timeout->mark(), timeout->path,
                     fmt::format("must be between 1 and {} (seconds), got {}", kMaxTimeoutSeconds, *seconds));
      } else {
        out.timeout_seconds = static_cast<int>(*seconds);
      }
    }
  }
  if (auto atomic = fields->get("atomic")) {
    if (auto value = read_bool(*atomic, report)) out.atomic = *value;
  }
  if (auto cleanup = fields->get("cleanupOnFail")) {
    if (auto value = read_bool(*cleanup, report)) out.cleanup_on_fail = *value;
  }
}

}  // namespace altinity_deploy::manifest
