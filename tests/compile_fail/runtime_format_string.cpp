// Must not compile: outside text used as the format string (the format
// string is the program's own words; fmt checks it at compile time).
#include <string>

#include "altinity_deploy/core/log.hpp"

using namespace altinity_deploy;

void print(const std::string& tool_stderr) { log::error(tool_stderr); }
