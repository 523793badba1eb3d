#pragma once
// `version` and `--version`: what this binary is and how it was built.
#include <string>

#include "altinity_deploy/actions/verbs.hpp"

namespace altinity_deploy::cli {

std::string version_text();  // the lines `version` prints, without the last newline

// The `version` verb's result; print_text/print_json lay it out.
struct VersionResult : actions::VerbResult {};

}  // namespace altinity_deploy::cli
