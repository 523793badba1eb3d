#pragma once
// manifest text -> validated spec::OperatorSpec, or every problem at once.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/manifest/diagnostic.hpp"
#include "altinity_deploy/spec/operator_spec.hpp"

namespace altinity_deploy::manifest {

struct LoadResult {
  std::optional<spec::OperatorSpec> spec;  // set only when there is no error
  std::vector<Diagnostic> diagnostics;     // errors and warnings, in document order
};

// A manifest is a regular file of at most this many bytes; anything else
// (a FIFO, /dev/zero, a directory, a socket, a huge file) is refused before
// a byte of it is parsed.
inline constexpr std::size_t kMaxManifestBytes = std::size_t{1} << 20;

LoadResult load_manifest_text(const std::string& text);
// The manifest's text, read with the checks above (ExitCode::invalid_input;
// the message does not repeat the path). Opening never blocks.
Result<std::string> read_manifest_text(const std::string& path);
// Reads the file; an unreadable file is one diagnostic without a position.
LoadResult load_manifest_file(const std::string& path);

}  // namespace altinity_deploy::manifest
