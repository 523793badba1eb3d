#pragma once
// `version` and `--version`: what this binary is and how it was built.
#include <string>

#include "altinity_deploy/actions/configuration.hpp"

namespace altinity_deploy::cli {

std::string version_text();
actions::Report version_report();  // version_text() as text, the same fields as JSON data

}  // namespace altinity_deploy::cli
