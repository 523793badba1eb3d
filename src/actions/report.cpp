#include "altinity_deploy/actions/verbs.hpp"

namespace altinity_deploy::actions {

Report failed_report(const Error& error) {
  Report report;
  report.code = error.code;
  report.data = {{"ok", false}, {"exitCode", static_cast<int>(error.code)}, {"error", error.message}};
  if (!error.hint.empty()) report.data["hint"] = error.hint;
  return report;
}

}  // namespace altinity_deploy::actions
