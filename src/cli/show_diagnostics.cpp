#include "show_diagnostics.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include "altinity_deploy/actions/configuration.hpp"
#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/redact/redaction.hpp"

namespace altinity_deploy::cli {
namespace {

constexpr std::size_t kAnnotationPathLimit = 200;
constexpr std::size_t kAnnotationMessageLimit = 500;

bool under_github_actions() {
  const char* value = std::getenv("GITHUB_ACTIONS");
  return value != nullptr && std::strcmp(value, "true") == 0;
}

// GitHub's escaping, and "##[" (the runner's older command form, read
// anywhere in a line) shown as "#\x23[", as the other printers do.
std::string escape(std::string_view text, bool property) {
  std::string out;
  for (std::size_t at = 0; at < text.size(); ++at) {
    const char c = text[at];
    if (text.substr(at, 3) == "##[") {
      out += "#\\x23";
      ++at;
      continue;
    }
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      case ':': out += property ? "%3A" : ":"; break;
      case ',': out += property ? "%2C" : ","; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

std::string escape_annotation_data(std::string_view text) { return escape(text, false); }
std::string escape_annotation_property(std::string_view text) { return escape(text, true); }

std::string github_annotation(const std::string& file, const manifest::Diagnostic& diagnostic) {
  std::string properties;
  if (file != actions::kStdinManifest) {
    properties = " file=" + escape_annotation_property(redact::safe_message(file, kAnnotationPathLimit));
    if (diagnostic.mark.line > 0) {
      properties += fmt::format(",line={},col={}", diagnostic.mark.line, diagnostic.mark.column);
    }
  }
  std::string message = redact::safe_message(diagnostic.text(), kAnnotationMessageLimit);
  if (!diagnostic.path.empty()) {
    message = redact::safe_message(diagnostic.path, kAnnotationPathLimit) + ": " + message;
  }
  return fmt::format("::{}{}::{}", diagnostic.severity == manifest::Severity::error ? "error" : "warning",
                     properties, escape_annotation_data(message));
}

void show_diagnostics(const std::string& file, const std::vector<manifest::Diagnostic>& diagnostics) {
  for (const auto& diagnostic : diagnostics) {
    const bool is_error = diagnostic.severity == manifest::Severity::error;
    // The log's own prefix names the severity; format() would name a
    // warning's a second time ("warning: f.yaml:11:20: warning: ...").
    manifest::Diagnostic unlabelled = diagnostic;
    unlabelled.severity = manifest::Severity::error;
    log::write(is_error ? log::Level::err : log::Level::warn, core::escaped(unlabelled.format(file)));
  }
  if (!under_github_actions()) return;
  for (const auto& diagnostic : diagnostics) {
    const std::string line = github_annotation(file, diagnostic) + "\n";
    std::fwrite(line.data(), 1, line.size(), stderr);
  }
  std::fflush(stderr);
}

}  // namespace altinity_deploy::cli
