#pragma once
// manifest text -> validated spec::OperatorSpec, or every problem at once.
#include <optional>
#include <string>
#include <vector>

#include "altinity_deploy/manifest/diagnostic.hpp"
#include "altinity_deploy/spec/operator_spec.hpp"

namespace altinity_deploy::manifest {

struct LoadResult {
  std::optional<spec::OperatorSpec> spec;  // set only when there is no error
  std::vector<Diagnostic> diagnostics;     // errors and warnings, in document order
};

LoadResult load_manifest_text(const std::string& text);
// Reads the file; an unreadable file is one diagnostic without a position.
LoadResult load_manifest_file(const std::string& path);

}  // namespace altinity_deploy::manifest
