// Compiles: the printers fed escaped text (the control for the samples that must not).
#include <string>

#include "altinity_deploy/core/log.hpp"

using namespace altinity_deploy;

void print(const std::string& file_name) {
  log::write(log::Level::info, core::escaped(file_name));
  log::show_status(core::escaped_format("checking {}", file_name));
  log::info("{}: valid", file_name);
}
