// Must not compile: a file name handed to the log as it is.
#include <string>

#include "altinity_deploy/core/log.hpp"

using namespace altinity_deploy;

void print(const std::string& file_name) { log::write(log::Level::info, file_name); }
