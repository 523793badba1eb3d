#include "altinity_deploy/manifest/diagnostic.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace altinity_deploy::manifest {

// The compiler-style layout editors and CI annotators recognise.
std::string Diagnostic::format(const std::string& file) const {
  std::string out = file;
  if (mark.line > 0) out += fmt::format(":{}:{}", mark.line, mark.column);
  out += ": ";
  if (severity == Severity::warning) out += "warning: ";
  if (!path.empty()) out += path + ": ";
  out += message;
  return out;
}

bool has_errors(const std::vector<Diagnostic>& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::error; });
}

}  // namespace altinity_deploy::manifest
