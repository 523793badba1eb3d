#pragma once
// Writes a string as a YAML scalar that every reader (YAML 1.1 like Go's
// yaml.v2 and PyYAML, or 1.2 like yaml-cpp) reads back as that same string.
#include <string>
#include <string_view>

namespace altinity_deploy::outputs::detail {

// `value` itself when a plain scalar is unambiguous, else double-quoted.
std::string yaml_string(std::string_view value);

}  // namespace altinity_deploy::outputs::detail
