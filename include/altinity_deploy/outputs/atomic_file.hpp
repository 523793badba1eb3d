#pragma once
// Writing the user's manifest back (src/outputs/atomic_file.cpp).
#include <string>

#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/core/file_io.hpp"

namespace altinity_deploy::outputs {

// Replaces the content of `path` (through a symlink: of its target), keeping
// its mode, owner, group and hard links: normally a temp file in the same
// folder, fsync, rename; when the file has other hard links or the temp file
// cannot get its owner, an in-place rewrite with a fsynced copy of the old
// content beside it until done (see atomic_file.cpp for the trade-off).
// Fails (ExitCode::failed) without touching `path` when the folder or file
// cannot be written or `path` is not a regular file.
// `expected`, when given: the file (device, inode) that must still be at the
// path (after a symlink), checked before the temp file is renamed over it
// and on the descriptor of an in-place rewrite; another file there fails
// without anything written.
Status write_file_atomically(const std::string& path, const std::string& content,
                             const core::FileIdentity* expected = nullptr);

// The file a manifest path names: a symlinked manifest's target, else the
// path itself. The write-back replaces that file and leaves the link a link.
std::string manifest_target(const std::string& path);

// Whether write_file_atomically(path, ...) can work: `path` is an existing
// regular file we may write, and a file can be created beside it. `up` asks
// before its first change to the cluster.
Status check_manifest_writable(const std::string& path);

// A file of ours (a saved plan): written beside its path with mode 0600,
// fsynced and renamed over it, so that readers see the old file or the new
// one, never part of one. Refuses a folder or other non-regular file there.
// ExitCode::failed.
Status write_private_file(const std::string& path, const std::string& content);

}  // namespace altinity_deploy::outputs
