#pragma once
// Expected failures travel as values (tl::expected); exceptions are caught at
// the edges (main, the YAML parser) and turned into these.
#include <string>
#include <utility>

#include <tl/expected.hpp>

namespace altinity_deploy {

// The process exit codes; README.md documents each one.
enum class ExitCode : int {
  success = 0,
  failed = 1,           // the operation itself failed (helm/kubectl said no)
  changes_pending = 2,  // plan --detailed-exitcode: there is something to do
  invalid_input = 3,    // bad manifest or bad command line; nothing was started
  unavailable = 4,      // cluster unreachable, tool missing, credentials unusable
  locked = 5,           // another run holds the release lock
  stale_plan = 6,       // up --plan: the saved plan no longer matches the manifest or the cluster
  interrupted = 130,    // SIGINT/SIGTERM
};

// What the cluster answered when a helm or kubectl call failed, decided once
// from the tool's stderr (tools/tool_error.hpp), so that no caller searches
// the message for "Forbidden".
enum class ToolErrorKind {
  other,
  forbidden,    // RBAC refused the request
  not_found,    // the object does not exist
  kind_not_served,  // the API server serves no such kind (its CRD removed)
  unavailable,  // the API server did not answer (refused, timed out, unknown host)
};

struct Error {
  ExitCode code = ExitCode::failed;
  std::string message;  // what failed and why, one line where possible
  std::string hint;     // what to do next; may be empty
  ToolErrorKind kind = ToolErrorKind::other;  // set by tools::tool_failure
};

template <class T>
using Result = tl::expected<T, Error>;

// A Result<void> that holds "done".
using Status = tl::expected<void, Error>;

inline tl::unexpected<Error> fail(ExitCode code, std::string message, std::string hint = {}) {
  return tl::unexpected<Error>(Error{code, std::move(message), std::move(hint)});
}

}  // namespace altinity_deploy
