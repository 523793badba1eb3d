#pragma once
#include <string>
#include <vector>

#include "altinity_deploy/yaml/yaml_tree.hpp"

namespace altinity_deploy::manifest {

enum class Severity { error, warning };

// One located problem: `FILE:LINE:COL: path: message`.
struct Diagnostic {
  Severity severity = Severity::error;
  yaml::Mark mark;      // 0:0 when the problem has no position (empty file)
  std::string path;     // e.g. "spec.container.resources.limits.cpu"; may be empty
  std::string message;  // what is wrong, and the fix where there is an obvious one
  std::string hint;     // a fix kept apart ("did you mean 'namespace'?"), for -o json; may be empty

  std::string format(const std::string& file) const;
  // The message with its hint, as the terminal shows them.
  std::string text() const;
};

bool has_errors(const std::vector<Diagnostic>& diagnostics);

}  // namespace altinity_deploy::manifest
