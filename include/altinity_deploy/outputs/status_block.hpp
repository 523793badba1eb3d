#pragma once
// Writes the deployer's outputs into the manifest's top-level `status:` block
// by editing text, not by re-emitting YAML: everything outside that block
// (comments, key order, quoting, blank lines, line endings) stays byte for
// byte as the user wrote it. The deployer owns the `status:` block.
#include <string>
#include <utility>
#include <vector>

#include "altinity_deploy/outputs/atomic_file.hpp"  // write_file_atomically, check_manifest_writable
#include "altinity_deploy/core/error.hpp"

namespace altinity_deploy::outputs {

// Ordered key/value pairs, written under status.outputs in this order.
using Outputs = std::vector<std::pair<std::string, std::string>>;

// `manifest_text` with its top-level `status:` block replaced by
// `status: {outputs: ...}` (block style), or one appended when there is none.
// Keeps the file's line ending style (LF or CRLF) and its lack of a trailing
// newline. Values are quoted whenever YAML would read them as anything but
// the same string. Only the first document is looked at; a manifest whose top
// level is not a block mapping (e.g. `{a: 1}`), or that the edit would change
// anywhere but in `status` (both texts are loaded and compared), comes back
// unchanged.
std::string with_status_outputs(const std::string& manifest_text, const Outputs& outputs);

// `manifest_text` without its top-level `status:` block (destroy).
std::string without_status(const std::string& manifest_text);

}  // namespace altinity_deploy::outputs
