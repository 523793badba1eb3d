#pragma once
// The command line's one definition: the CLI11 app that parses argv is also what
// `completion` and the man page are generated from (command_spec.hpp), so no flag
// is ever listed twice.
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "altinity_deploy/actions/verbs.hpp"

namespace altinity_deploy::cli {

struct CliState {
  actions::GlobalOptions global;
  std::string output = "text";
  std::string color = "auto";  // --color: auto, always or never
  bool verbose = false;
  bool quiet = false;
  bool no_write_status = false;
  bool no_recover = false;
  bool dry_run = false;  // up --dry-run
  actions::UpOptions up;
  actions::PlanOptions plan;
  actions::DestroyOptions destroy;
  actions::RenderOptions render;  // --manifests, --show-secrets, --kube-version
  int render_helm_major = 0;
  std::string completion_shell;
  // --manifest, repeatable; one file is a single run, more (or a folder, a
  // pattern) a fleet (docs/fleet.md).
  std::vector<std::string> manifests;
  int parallel = 0;
  int max_failures = 0;
  std::string waves;
  std::string shard;
  std::string selector;  // -l/--selector
  bool list = false;
  bool same_cluster = false;
  bool yes = false;  // destroy -y/--yes: no question on a terminal
  std::chrono::seconds timeout{0};  // up/destroy --timeout; 0: the manifest's
  std::vector<std::string> positional_manifests;  // `validate op.yaml`: manifests without -f
  std::string help_topic;                         // `help [COMMAND]`
};

// Option type names that completion turns into file or folder completion.
inline constexpr const char* kFileType = "FILE";
inline constexpr const char* kDirType = "DIR";

struct CommandLine {
  CLI::App app;
  CliState state;
  // Options and positionals whose value is one of a fixed set (completion offers them).
  std::map<const CLI::Option*, std::vector<std::string>> choices;
  CLI::App* validate = nullptr;
  CLI::App* render = nullptr;
  CLI::App* plan = nullptr;
  CLI::App* up = nullptr;
  CLI::App* destroy = nullptr;
  CLI::App* status = nullptr;
  CLI::App* version = nullptr;
  CLI::App* schema = nullptr;
  CLI::App* completion = nullptr;
  CLI::App* help = nullptr;     // `help [COMMAND]`
  CLI::App* manpage = nullptr;  // hidden: the build generates altinity-deploy.1 with it
};

// Every verb and flag. CLI::App cannot move, hence the pointer.
std::unique_ptr<CommandLine> make_command_line();

}  // namespace altinity_deploy::cli
