#pragma once
// manifest text -> validated spec::OperatorSpec, or every problem at once.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/core/file_io.hpp"
#include "altinity_deploy/manifest/diagnostic.hpp"
#include "altinity_deploy/spec/operator_spec.hpp"

namespace altinity_deploy::manifest {

struct LoadResult {
  std::optional<spec::OperatorSpec> spec;  // set only when there is no error
  std::vector<Diagnostic> diagnostics;     // errors and warnings, in document order
  std::string text;                        // what was read (load_manifest_file)
  std::optional<core::FileIdentity> file;  // the file it was read from (load_manifest_file)
};

// A manifest is a regular file of at most this many bytes; anything else
// (a FIFO, /dev/zero, a directory, a socket, a huge file) is refused before
// a byte of it is parsed.
inline constexpr std::size_t kMaxManifestBytes = std::size_t{1} << 20;

LoadResult load_manifest_text(const std::string& text);
// The manifest's text, read with the checks above (ExitCode::invalid_input;
// the message does not repeat the path). Opening never blocks.
// `identity`, when given, gets the file's device and inode.
Result<std::string> read_manifest_text(const std::string& path, core::FileIdentity* identity = nullptr);
// The same checks and bounds on a file already opened (the write-back's).
Result<std::string> read_manifest_fd(int fd, core::FileIdentity* identity = nullptr);
// Reads the file; an unreadable file is one diagnostic without a position.
LoadResult load_manifest_file(const std::string& path);

}  // namespace altinity_deploy::manifest
