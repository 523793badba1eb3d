// Must not compile: raw text turned into EscapedText without escaping it.
#include <string>

#include "altinity_deploy/core/escaped_text.hpp"

using namespace altinity_deploy;

core::EscapedText shown(const std::string& label) { return core::EscapedText(label); }
