#pragma once
// Where a program named on a command line is found: the same search the
// runner's exec makes (execvp's), shared so that what the deployer says
// about "the helm it runs" is about the file it really starts.
#include <optional>
#include <string>
#include <vector>

namespace altinity_deploy::exec {

// The paths exec tries for `program`, in order: the program itself when it
// names a path, else each folder of PATH (an empty entry is the current
// folder; no PATH: /usr/local/bin:/usr/bin:/bin).
std::vector<std::string> program_candidates(const std::string& program);

// The first candidate exec would start: a regular file we may execute.
// nullopt when there is none (starting it would fail).
std::optional<std::string> find_program(const std::string& program);

}  // namespace altinity_deploy::exec
