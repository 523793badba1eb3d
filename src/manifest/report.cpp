#include "report.hpp"

#include <algorithm>
#include <utility>

namespace altinity_deploy::manifest {

void Report::error(yaml::Mark mark, std::string path, std::string message, std::string hint) {
  diagnostics_.push_back(Diagnostic{Severity::error, mark, std::move(path), std::move(message), std::move(hint)});
}

void Report::warning(yaml::Mark mark, std::string path, std::string message) {
  diagnostics_.push_back(Diagnostic{Severity::warning, mark, std::move(path), std::move(message), {}});
}

std::vector<Diagnostic> Report::take_sorted() {
  std::stable_sort(diagnostics_.begin(), diagnostics_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return a.mark.line != b.mark.line ? a.mark.line < b.mark.line : a.mark.column < b.mark.column;
  });
  return std::move(diagnostics_);
}

}  // namespace altinity_deploy::manifest
