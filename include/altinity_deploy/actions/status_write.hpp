#pragma once
// Writing status.outputs back into the manifest, or printing them when the
// manifest cannot (or must not) be written.
#include <string>

#include "altinity_deploy/actions/configuration.hpp"
#include "altinity_deploy/outputs/status_block.hpp"
#include "altinity_deploy/tools/helm_client.hpp"

namespace altinity_deploy::actions {

outputs::Outputs release_outputs(const std::string& namespace_name, const tools::ReleaseInfo& release);

enum class StatusWrite {
  written,          // the manifest was rewritten
  already_current,  // the manifest already said this; left untouched
  not_written,      // --no-write-status, or the manifest cannot (or must not) be written (logged)
};

// Writes the outputs into the manifest's status block, but only when that
// changes the file. The file is opened once (after a symlinked
// manifest's link, O_NOFOLLOW) and checked on that descriptor: it must be
// the file `manifest` was loaded from (device and inode) and say, outside
// `status`, what it said then (the spec this run deployed). Otherwise
// nothing is written, a warning says why, and the caller prints the
// outputs (not_written); the run's exit code stays that of the deploy.
StatusWrite write_outputs(const LoadedManifest& manifest, const outputs::Outputs& outputs, bool write_status);
// The same for destroy: removes the status block (its outputs describe a
// release that is gone), under the same checks.
StatusWrite remove_outputs(const LoadedManifest& manifest, bool write_status);

}  // namespace altinity_deploy::actions
