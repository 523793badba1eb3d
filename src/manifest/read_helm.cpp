#include <fmt/format.h>

#include "altinity_deploy/core/duration.hpp"
#include "altinity_deploy/redact/redaction.hpp"
#include "manifest_fields.hpp"
#include "names.hpp"
#include "sections.hpp"
#include "value_readers.hpp"

namespace altinity_deploy::manifest {
namespace {

// spec.helm.timeout: a Go duration, in whole seconds (helm's --timeout
// takes finer ones, but timeoutSeconds and the lock's lease count seconds).
std::optional<std::string> timeout_problem(const std::string& text) {
  constexpr const char* kExample = "write e.g. 10m, 1h30m or 90s";
  if (text.find_first_not_of("0123456789") == std::string::npos) {
    return fmt::format("'{}' has no unit; {} (or timeoutSeconds: {})", text, kExample, text);
  }
  const auto seconds = core::parse_duration(text);
  if (!seconds && core::duration_problem(text) == core::DurationProblem::too_long) {
    return fmt::format("must be between 1s and 24h, got '{}'", redact::excerpt(text));
  }
  if (!seconds) {
    if (text.find("ms") != std::string::npos || text.find("us") != std::string::npos ||
        text.find("ns") != std::string::npos) {
      return fmt::format("'{}' is finer than helm's timeout counts here: whole seconds only; {}",
                         redact::excerpt(text), kExample);
    }
    return fmt::format("'{}' is not a duration; {} (units h, m, s; whole numbers)", redact::excerpt(text), kExample);
  }
  if (seconds->count() < 1 || seconds->count() > kMaxTimeoutSeconds) {
    return fmt::format("must be between 1s and 24h, got '{}'", redact::excerpt(text));
  }
  return std::nullopt;
}

}  // namespace

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
  if (auto timeout = fields->get("timeout"); timeout && !fields->get("timeoutSeconds")) {
    // A plain 600 is read as text too: the problem then says it needs a unit.
    if (auto text = read_string(*timeout, report, PlainCheck::accept)) {
      if (auto problem = timeout_problem(*text)) {
        report.error(timeout->mark(), timeout->path, *problem);
      } else {
        out.timeout_seconds = static_cast<int>(core::parse_duration(*text)->count());
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
