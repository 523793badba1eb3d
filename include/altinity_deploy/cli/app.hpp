#pragma once

namespace altinity_deploy::cli {

// Parses the command line, runs the command, returns the process exit code.
// Catches every exception: nothing escapes to main().
int run_app(int argc, char** argv);

}  // namespace altinity_deploy::cli
