#include "altinity_deploy/manifest/diagnostic.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "altinity_deploy/redact/redaction.hpp"

namespace altinity_deploy::manifest {

namespace {

constexpr std::size_t kPathLimit = 200;
constexpr std::size_t kMessageLimit = 500;

// One line each: a newline that reached a path or message came from the
// user's text.
std::string one_line(std::string_view text, std::size_t limit) {
  std::string out;
  for (char c : redact::safe_message(text, limit)) {
    if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

// The compiler-style layout editors and CI annotators recognise.
std::string Diagnostic::format(const std::string& file) const {
  std::string out = file;
  if (mark.line > 0) out += fmt::format(":{}:{}", mark.line, mark.column);
  out += ": ";
  if (severity == Severity::warning) out += "warning: ";
  // A path is made of the user's keys and a message may quote the user's
  // text: both redacted, escaped and cut (validate -f /etc/shadow, a 2 MB key).
  if (!path.empty()) out += one_line(path, kPathLimit) + ": ";
  out += one_line(text(), kMessageLimit);
  return out;
}

std::string Diagnostic::text() const { return hint.empty() ? message : message + "; " + hint;
}

bool has_errors(const std::vector<Diagnostic>& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::error; });
}

}  // namespace altinity_deploy::manifest
