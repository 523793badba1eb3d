#include "altinity_deploy/tools/timeouts.hpp"

namespace altinity_deploy::tools {

using namespace std::chrono_literals;

ChangeTimeouts change_timeouts(int timeout_seconds) {
  const std::chrono::seconds tool(timeout_seconds);
  return ChangeTimeouts{tool, tool + 60s, tool + 60s};
}

}  // namespace altinity_deploy::tools
