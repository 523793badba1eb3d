#pragma once
// A plain description of the command line, read from the CLI11 definition
// (command_line.hpp), that the completion scripts and the man page are written from.
#include <string>
#include <vector>

#include "command_line.hpp"

namespace altinity_deploy::cli {

struct FlagSpec {
  std::vector<std::string> names;    // short first: "-f", "--manifest"
  std::string value_name;            // empty for a flag that takes no value; else FILE, DIR, NAME, ...
  std::vector<std::string> choices;  // the only values it accepts, when fixed
  std::string description;

  bool takes_value() const { return !value_name.empty(); }
};

struct PositionalSpec {
  std::string name;
  std::vector<std::string> choices;
  std::string description;
  bool files = false;  // any number of file or folder names (the manifests), completed as files
};

struct VerbSpec {
  std::string name;
  std::vector<std::string> aliases;
  std::string description;
  std::string footer;
  std::vector<FlagSpec> flags;
  std::vector<PositionalSpec> positionals;

  std::vector<std::string> names() const {  // the name, then the aliases
    std::vector<std::string> all{name};
    all.insert(all.end(), aliases.begin(), aliases.end());
    return all;
  }
};

struct CommandSpec {
  std::string name;
  std::string description;
  std::string footer;
  std::vector<FlagSpec> flags;  // global: accepted before or after the verb
  std::vector<VerbSpec> verbs;  // hidden verbs are left out
};

CommandSpec describe(const CommandLine& line);

// Every flag name that takes a value, across the globals and all verbs, with its spec.
std::vector<const FlagSpec*> value_flags(const CommandSpec& spec);

std::string joined(const std::vector<std::string>& words, const char* separator);
std::vector<std::string> all_names(const std::vector<FlagSpec>& flags);  // every name of every flag

std::string bash_completion(const CommandSpec& spec);
std::string zsh_completion(const CommandSpec& spec);
std::string fish_completion(const CommandSpec& spec);
std::string man_page(const CommandSpec& spec, const std::string& version);

}  // namespace altinity_deploy::cli
