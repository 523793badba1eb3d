#pragma once
// Collects the diagnostics of one manifest while its parts are read.
#include <string>
#include <vector>

#include "altinity_deploy/manifest/diagnostic.hpp"

namespace altinity_deploy::manifest {

class Report {
 public:
  void error(yaml::Mark mark, std::string path, std::string message, std::string hint = {});
  void warning(yaml::Mark mark, std::string path, std::string message);
  bool has_errors() const { return manifest::has_errors(diagnostics_); }
  // Everything collected, in document order (stable for equal positions).
  std::vector<Diagnostic> take_sorted();

 private:
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace altinity_deploy::manifest
