#pragma once
// What the command line says before and after CLI11 parses it: whether the
// user asked for JSON (so that even a parse error prints a JSON document),
// and a better message than CLI11's for a mistyped verb or flag
// ("unknown command 'upp'; did you mean 'up'?").
#include <optional>
#include <string>
#include <vector>

#include "command_line.hpp"

namespace altinity_deploy::cli {

// -o json, -ojson, -o=json, --output json, --output=json anywhere before "--".
bool asks_for_json(const std::vector<std::string>& args);

struct UsageProblem {
  std::string message;
  std::string hint;
};

// The first unknown flag or verb in args (argv without the program name),
// with the nearest known name; nullopt when args name none (then CLI11's
// own message stands).
std::optional<UsageProblem> find_usage_problem(const CommandLine& line, const std::vector<std::string>& args);

}  // namespace altinity_deploy::cli
