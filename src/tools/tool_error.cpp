#include "altinity_deploy/tools/tool_error.hpp"

#include <cctype>

#include <fmt/format.h>

namespace altinity_deploy::tools {

namespace {

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

tl::unexpected<Error> failure(const std::string& what, const exec::CommandResult& result) {
  if (result.interrupted) return fail(ExitCode::interrupted, what + " was interrupted");
  if (result.timed_out) {
    return fail(ExitCode::failed,
                fmt::format("{} did not finish within {}s and was stopped", what,
                            std::chrono::duration_cast<std::chrono::seconds>(result.elapsed).count()),
                "check that the cluster answers (kubectl get --raw /readyz)");
  }
  std::string tail = result.err_tail(5);
  if (result.exit_code > 128 && result.exit_code <= 128 + 64) {
    // Killed from outside (OOM killer, a CI runner's kill): helm had no say.
    return fail(ExitCode::failed,
                fmt::format("{} was killed by signal {}{}", what, result.exit_code - 128,
                            tail.empty() ? "" : ":\n" + tail),
                "a release it was changing may be left pending-*; the next `up` recovers it under the lock");
  }
  if (tail.empty()) tail = "(no output on stderr)";
  return fail(ExitCode::failed, fmt::format("{} failed (exit {}):\n{}", what, result.exit_code, tail));
}

}  // namespace

ToolErrorKind error_kind(std::string_view err) {
  // The server's reason in parentheses first: a message may quote other words.
  if (contains(err, "(Forbidden)")) return ToolErrorKind::forbidden;
  if (contains(err, "(NotFound)")) return ToolErrorKind::not_found;
  if (contains(err, "(ServiceUnavailable)")) return ToolErrorKind::unavailable;
  if (contains(err, " is forbidden") || contains(err, "forbidden:")) return ToolErrorKind::forbidden;
  for (std::string_view down : {"Unable to connect to the server", "connection refused", "i/o timeout",
                                "no such host", "the server is currently unable to handle the request"}) {
    if (contains(err, down)) return ToolErrorKind::unavailable;
  }
  // A kind the API server does not serve (a CRD removed): none of its
  // objects exists. Only kubectl's own words for it: a 404 from a broken
  // aggregated API is an error, not "every object deleted".
  if (contains(err, "doesn't have a resource type") || contains(err, "no matches for kind")) {
    return ToolErrorKind::kind_not_served;
  }
  if (contains(err, "not found")) return ToolErrorKind::not_found;
  return ToolErrorKind::other;
}

tl::unexpected<Error> tool_failure(const std::string& what, const exec::CommandResult& result) {
  auto error = failure(what, result);
  if (!result.interrupted) {
    error.value().kind = result.timed_out ? ToolErrorKind::unavailable : error_kind(result.err);
  }
  return error;
}

void split_chart_label(const std::string& label, std::string& name, std::string& version) {
  for (size_t i = 0; i + 1 < label.size(); ++i) {
    if (label[i] == '-' && std::isdigit(static_cast<unsigned char>(label[i + 1]))) {
      name = label.substr(0, i);
      version = label.substr(i + 1);
      return;
    }
  }
  name = label;
  version.clear();
}

}  // namespace altinity_deploy::tools
