#include "command_spec.hpp"

#include <algorithm>
#include <set>

namespace altinity_deploy::cli {
namespace {

std::vector<std::string> choices_of(const CommandLine& line, const CLI::Option* option) {
  auto found = line.choices.find(option);
  return found != line.choices.end() ? found->second : std::vector<std::string>{};
}

std::vector<FlagSpec> flags_of(const CommandLine& line, const CLI::App& command) {
  std::vector<FlagSpec> flags;
  for (const CLI::Option* option : command.get_options()) {
    if (option->get_positional() || (option->get_lnames().empty() && option->get_snames().empty())) continue;
    FlagSpec flag;
    for (const auto& name : option->get_snames()) flag.names.push_back("-" + name);
    for (const auto& name : option->get_lnames()) flag.names.push_back("--" + name);
    if (option->get_expected_max() != 0) {
      // CLI11 appends the validators' descriptions after a colon: keep the name alone.
      const std::string type_name = option->get_type_name();
      flag.value_name = type_name.substr(0, type_name.find(':'));
      if (flag.value_name.empty()) flag.value_name = "VALUE";
    }
    flag.choices = choices_of(line, option);
    flag.description = option->get_description();
    flags.push_back(std::move(flag));
  }
  return flags;
}

}  // namespace

CommandSpec describe(const CommandLine& line) {
  CommandSpec spec;
  spec.name = line.app.get_name();
  spec.description = line.app.get_description();
  spec.footer = line.app.get_footer();
  spec.flags = flags_of(line, line.app);
  for (const CLI::App* command : line.app.get_subcommands([](const CLI::App* sub) { return !sub->get_group().empty(); })) {
    VerbSpec verb;
    verb.name = command->get_name();
    verb.aliases = command->get_aliases();
    verb.description = command->get_description();
    verb.footer = command->get_footer();
    // A verb's own --help repeats the global one: list it once, among the globals.
    for (FlagSpec& flag : flags_of(line, *command)) {
      const bool global = std::any_of(spec.flags.begin(), spec.flags.end(),
                                      [&](const FlagSpec& other) { return other.names == flag.names; });
      if (!global) verb.flags.push_back(std::move(flag));
    }
    for (const CLI::Option* option : command->get_options()) {
      if (option->get_positional()) {
        verb.positionals.push_back({option->get_name(), choices_of(line, option), option->get_description(),
                                    option->get_type_name() == kFileType});
      }
    }
    spec.verbs.push_back(std::move(verb));
  }
  return spec;
}

std::vector<const FlagSpec*> value_flags(const CommandSpec& spec) {
  std::vector<const FlagSpec*> flags;
  std::set<std::string> seen;
  auto add = [&](const std::vector<FlagSpec>& list) {
    for (const FlagSpec& flag : list) {
      if (flag.takes_value() && seen.insert(flag.names.back()).second) flags.push_back(&flag);
    }
  };
  add(spec.flags);
  for (const VerbSpec& verb : spec.verbs) add(verb.flags);
  return flags;
}

std::string joined(const std::vector<std::string>& words, const char* separator) {
  std::string out;
  for (const auto& word : words) {
    if (!out.empty()) out += separator;
    out += word;
  }
  return out;
}

std::vector<std::string> all_names(const std::vector<FlagSpec>& flags) {
  std::vector<std::string> names;
  for (const auto& flag : flags) names.insert(names.end(), flag.names.begin(), flag.names.end());
  return names;
}

}  // namespace altinity_deploy::cli
