#pragma once
// Writing status.outputs back into the manifest, or printing them when the
// manifest cannot (or must not) be written.
#include <string>

#include <nlohmann/json.hpp>

#include "altinity_deploy/outputs/status_block.hpp"
#include "altinity_deploy/tools/helm_client.hpp"

namespace altinity_deploy::actions {

outputs::Outputs release_outputs(const std::string& namespace_name, const tools::ReleaseInfo& release);
nlohmann::json outputs_json(const outputs::Outputs& outputs);

// Writes the outputs (or, given none, removes the status block). Returns
// whether the file was written; on failure logs why and prints the outputs.
bool record_outputs(const std::string& manifest_path, const outputs::Outputs* outputs, bool write_status);

}  // namespace altinity_deploy::actions
