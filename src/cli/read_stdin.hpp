#pragma once
// `-f -`: the manifest read from stdin, under the same size limit as a
// file (manifest::kMaxManifestBytes).
#include <string>

#include "altinity_deploy/core/error.hpp"

namespace altinity_deploy::cli {

Result<std::string> read_manifest_from_stdin();

}  // namespace altinity_deploy::cli
