#pragma once
#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace altinity_deploy::exec {

// One child process: an argv list, never a shell line.
struct Command {
  std::vector<std::string> argv;
  // Added to (or overriding) the inherited environment of the child.
  std::vector<std::pair<std::string, std::string>> env;
  // 0 = no limit. On expiry the child's process group gets SIGTERM, then SIGKILL.
  std::chrono::milliseconds timeout{0};
  // Written to the child's stdin; when empty the child reads /dev/null.
  std::string stdin_data;

  // The argv as one line for logs, each word shell-quoted when needed.
  std::string display() const;
};

struct CommandResult {
  int exit_code = -1;  // 128+N when killed by signal N, as shells report it
  std::string out;
  std::string err;
  std::chrono::milliseconds elapsed{0};
  bool timed_out = false;
  bool interrupted = false;  // the deployer got SIGINT/SIGTERM and passed it on
  std::string stopped_because;  // set when a watcher stopped the child early
  bool dry_run = false;  // a dry run recorded the command instead of running it (DryRunRunner)

  bool ok() const { return exit_code == 0 && !timed_out && !interrupted; }
  // The last `lines` non-empty lines of stderr, for error messages.
  std::string err_tail(int lines = 5) const;
};

}  // namespace altinity_deploy::exec
