#pragma once
// Writing status.outputs back into the manifest, or printing them when the
// manifest cannot (or must not) be written.
#include <string>

#include "altinity_deploy/outputs/status_block.hpp"
#include "altinity_deploy/tools/helm_client.hpp"

namespace altinity_deploy::actions {

outputs::Outputs release_outputs(const std::string& namespace_name, const tools::ReleaseInfo& release);

enum class Recorded {
  written,          // the manifest was rewritten
  already_current,  // the manifest already said this; left untouched
  not_written,      // --no-write-status, or the manifest cannot be written (logged)
};

// Writes the outputs (or, given none, removes the status block), but only
// when that changes the file.
Recorded record_outputs(const std::string& manifest_path, const outputs::Outputs* outputs, bool write_status);

}  // namespace altinity_deploy::actions
