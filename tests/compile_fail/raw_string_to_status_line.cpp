// Must not compile: cluster text handed to the status line as it is.
#include <string>

#include "altinity_deploy/core/log.hpp"

using namespace altinity_deploy;

void print(const std::string& pod_message) { log::show_status(pod_message); }
