#include "usage_hints.hpp"

#include <fmt/format.h>

#include "altinity_deploy/manifest/spelling.hpp"
#include "altinity_deploy/redact/redaction.hpp"

namespace altinity_deploy::cli {
namespace {

bool is_flag(const std::string& arg) { return arg.size() > 1 && arg[0] == '-'; }

// "--manifest=x" -> "--manifest"; "-fx" -> "-f".
std::string flag_name(const std::string& arg) {
  if (arg.rfind("--", 0) == 0) return arg.substr(0, arg.find('='));
  return arg.substr(0, 2);
}

const CLI::Option* find_option(const CLI::App& command, const std::string& name) {
  for (const CLI::Option* option : command.get_options()) {
    if (option->check_name(name)) return option;
  }
  return nullptr;
}

bool takes_value(const CLI::Option& option) { return option.get_expected_max() != 0; }

std::vector<std::string> long_names(const CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::Option* option : command.get_options()) {
    for (const auto& name : option->get_lnames()) names.push_back("--" + name);
  }
  return names;
}

std::vector<const CLI::App*> visible_verbs(const CLI::App& app) {
  return app.get_subcommands([](const CLI::App* sub) { return !sub->get_group().empty(); });
}

const CLI::App* find_verb(const CLI::App& app, const std::string& word) {
  for (const CLI::App* verb : app.get_subcommands({})) {
    if (verb->check_name(word)) return verb;
  }
  return nullptr;
}

std::string verb_list(const CLI::App& app) {
  std::string list;
  for (const CLI::App* verb : visible_verbs(app)) list += (list.empty() ? "" : ", ") + verb->get_name();
  return list;
}

UsageProblem unknown_flag(const std::string& name, const CLI::App& app, const CLI::App* verb) {
  std::vector<std::string> candidates = long_names(app);
  for (const CLI::App* command : visible_verbs(app)) {
    if (verb == nullptr || verb == command) {
      for (auto& flag : long_names(*command)) candidates.push_back(std::move(flag));
    }
  }
  const std::string where = verb != nullptr ? fmt::format("altinity-deploy {} --help", verb->get_name())
                                            : std::string("altinity-deploy --help");
  if (auto near = manifest::nearest(name, candidates)) {
    return {fmt::format("unknown flag '{}'; did you mean '{}'?", redact::excerpt(name), *near), "see " + where};
  }
  return {fmt::format("unknown flag '{}'", redact::excerpt(name)), "see " + where + " for the flags"};
}

}  // namespace

bool asks_for_json(const std::vector<std::string>& args) {
  bool json = false;
  for (std::size_t i = 0; i < args.size() && args[i] != "--"; ++i) {
    const std::string& arg = args[i];
    std::optional<std::string> value;
    if ((arg == "-o" || arg == "--output") && i + 1 < args.size()) {
      value = args[++i];
    } else if (arg.rfind("--output=", 0) == 0) {
      value = arg.substr(9);
    } else if (arg.rfind("-o", 0) == 0 && arg.size() > 2) {
      value = arg.substr(arg[2] == '=' ? 3 : 2);
    }
    if (value) json = *value == "json";
  }
  return json;
}

std::optional<UsageProblem> find_usage_problem(const CommandLine& line, const std::vector<std::string>& args) {
  const CLI::App& app = line.app;
  const CLI::App* verb = nullptr;
  std::optional<std::string> first_word;
  for (std::size_t i = 0; i < args.size() && args[i] != "--"; ++i) {
    const std::string& arg = args[i];
    if (!is_flag(arg)) {
      if (verb == nullptr && !first_word) {
        first_word = arg;
        verb = find_verb(app, arg);
      }
      continue;
    }
    const std::string name = flag_name(arg);
    const CLI::Option* option = find_option(app, name);
    if (option == nullptr && verb != nullptr) option = find_option(*verb, name);
    if (option == nullptr) return unknown_flag(name, app, verb);
    // The option's value is the next word unless it came with the flag.
    const bool inline_value = arg.find('=') != std::string::npos || (arg.rfind("--", 0) != 0 && arg.size() > 2);
    if (takes_value(*option) && !inline_value) ++i;
  }
  if (!first_word) {
    return UsageProblem{"no command given", "say what to do: altinity-deploy COMMAND (" + verb_list(app) +
                                                "); altinity-deploy --help explains each"};
  }
  if (verb == nullptr) {
    std::vector<std::string> names;
    for (const CLI::App* command : visible_verbs(app)) {
      names.push_back(command->get_name());
      for (const auto& alias : command->get_aliases()) names.push_back(alias);
    }
    const std::string hint = "the commands are " + verb_list(app);
    if (auto near = manifest::nearest(*first_word, names)) {
      return UsageProblem{fmt::format("unknown command '{}'; did you mean '{}'?", redact::excerpt(*first_word), *near), hint};
    }
    return UsageProblem{fmt::format("unknown command '{}'", redact::excerpt(*first_word)), hint};
  }
  return std::nullopt;
}

}  // namespace altinity_deploy::cli
