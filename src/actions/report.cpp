#include "altinity_deploy/actions/verbs.hpp"
#include "altinity_deploy/redact/redaction.hpp"

namespace altinity_deploy::actions {

// Every error reaches the terminal or the JSON document through here: a
// tool's stderr or an echoed value is redacted and cut to a sane length.
Report failed_report(const Error& error) {
  Report report;
  report.code = error.code;
  report.data = {{"ok", false},
                 {"exitCode", static_cast<int>(error.code)},
                 {"error", redact::safe_message(error.message)}};
  if (!error.hint.empty()) report.data["hint"] = redact::safe_message(error.hint);
  return report;
}

}  // namespace altinity_deploy::actions
