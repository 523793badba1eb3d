#include "altinity_deploy/manifest/diagnostic.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "altinity_deploy/redact/redaction.hpp"

namespace altinity_deploy::manifest {

namespace {
constexpr std::size_t kPathLimit = 200;
}  // namespace

// The compiler-style layout editors and CI annotators recognise.
std::string Diagnostic::format(const std::string& file) const {
  std::string out = file;
  if (mark.line > 0) out += fmt::format(":{}:{}", mark.line, mark.column);
  out += ": ";
  if (severity == Severity::warning) out += "warning: ";
  // A path is made of the user's keys and a message may quote the user's
  // text: both redacted, escaped and cut (validate -f /etc/shadow, a 2 MB key).
  if (!path.empty()) out += redact::safe_message(path, kPathLimit) + ": ";
  out += redact::safe_message(message);
  return out;
}

bool has_errors(const std::vector<Diagnostic>& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::error; });
}

}  // namespace altinity_deploy::manifest
