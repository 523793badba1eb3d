#pragma once
// Writes the deployer's outputs into the manifest's top-level `status:` block
// by editing text, not by re-emitting YAML: everything outside that block
// (comments, key order, quoting, blank lines, line endings) stays byte for
// byte as the user wrote it. The deployer owns the `status:` block.
#include <string>
#include <utility>
#include <vector>

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

// Replaces the content of `path` (through a symlink: of its target), keeping
// its mode, owner, group and hard links: normally a temp file in the same
// folder, fsync, rename; when the file has other hard links or the temp file
// cannot get its owner, an in-place rewrite with a fsynced copy of the old
// content beside it until done (see atomic_file.cpp for the trade-off).
// Fails (ExitCode::failed) without touching `path` when the folder or file
// cannot be written or `path` is not a regular file.
Status write_file_atomically(const std::string& path, const std::string& content);

// Whether write_file_atomically(path, ...) can work: `path` is an existing
// regular file we may write, and a file can be created beside it. `up` asks
// before its first change to the cluster.
Status check_manifest_writable(const std::string& path);

}  // namespace altinity_deploy::outputs
