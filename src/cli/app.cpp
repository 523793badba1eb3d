#include "altinity_deploy/cli/app.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "altinity_deploy/actions/saved_plan_file.hpp"
#include "altinity_deploy/actions/verbs.hpp"
#include "altinity_deploy/cli/build_info.hpp"
#include "altinity_deploy/cli/fleet_command.hpp"
#include "altinity_deploy/fleet/fleet_targets.hpp"
#include "altinity_deploy/core/interrupt.hpp"
#include "altinity_deploy/core/escaped_text.hpp"
#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/exec/process_runner.hpp"
#include "altinity_deploy/exec/verbose_runner.hpp"
#include "altinity_deploy/manifest/manifest_schema.hpp"
#include "change_colour.hpp"
#include "command_line.hpp"
#include "command_spec.hpp"
#include "confirm_destroy.hpp"
#include "print_outcome.hpp"
#include "read_stdin.hpp"
#include "show_diagnostics.hpp"
#include "usage_hints.hpp"
#include "version_report.hpp"

namespace altinity_deploy::cli {
namespace {

std::string env_or_empty(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

// `completion SHELL` and the hidden `manpage`: text written from the command line's own definition.
int print_generated(const CommandLine& line) {
  const CommandSpec spec = describe(line);
  std::string text;
  if (line.manpage->parsed()) {
    text = man_page(spec, build_info::kVersion);
  } else if (line.state.completion_shell == "bash") {
    text = bash_completion(spec);
  } else if (line.state.completion_shell == "zsh") {
    text = zsh_completion(spec);
  } else {
    text = fish_completion(spec);
  }
  std::fwrite(text.data(), 1, text.size(), stdout);
  return 0;
}

// `-f -` is for the runs that never write the manifest back: up writes
// status.outputs into it and destroy removes them, unless --no-write-status;
// status needs the file that up wrote. (up --dry-run writes nothing and takes it.)
std::optional<UsageProblem> refuse_stdin_manifest(const CommandLine& line) {
  const bool writes_back = !line.state.no_write_status;
  const CLI::App* verb = line.up->parsed() && !line.state.dry_run && writes_back ? line.up
                         : line.destroy->parsed() && writes_back                 ? line.destroy
                         : line.status->parsed()                                 ? line.status
                                                                                 : nullptr;
  if (verb == nullptr) return std::nullopt;
  return UsageProblem{fmt::format("`{}` cannot read the manifest from stdin (--manifest -)", verb->get_name()),
                      verb == line.status ? "pass the manifest's file: status reads the outputs up wrote into it"
                                          : "pass the manifest's file, or --no-write-status: up writes "
                                            "status.outputs into the file and destroy removes them"};
}

// `apply FILE` (and `up FILE`): a FILE that holds a saved plan is --plan FILE.
void take_saved_plan_argument(CommandLine& line) {
  CliState& state = line.state;
  if (!line.up->parsed() || !state.up.plan_file.empty() || state.positional_manifests.size() != 1) return;
  auto document = actions::saved_plan_in(state.positional_manifests.front());
  if (!document) return;
  state.up.plan_document = std::move(document);
  state.up.plan_file = state.positional_manifests.front();
  state.positional_manifests.clear();
}

// The most --timeout takes: as much as spec.helm.timeoutSeconds allows (a day;
// longer is a hung install).
constexpr long long kMaxHelmTimeoutSeconds = 86400;

// Flags that cannot go together, or that need another: said before anything runs.
std::optional<UsageProblem> conflicting_flags(const CommandLine& line) {
  const CliState& state = line.state;
  if (state.verbose && state.quiet) {
    return UsageProblem{"-v/--verbose and -q/--quiet cannot be used together",
                        "pass one: -v shows every helm/kubectl command, -q only warnings and errors"};
  }
  if (line.up->parsed() && state.plan.detailed_exitcode && !state.dry_run) {
    return UsageProblem{"up --detailed-exitcode needs --dry-run",
                        "run `up --dry-run --detailed-exitcode` (or `plan --detailed-exitcode`) to learn whether "
                        "there are changes"};
  }
  if (line.up->parsed() && !state.up.plan_file.empty() && (state.up.force || state.up.rotate_operator_password)) {
    return UsageProblem{fmt::format("up --plan cannot be used with {}",
                                    state.up.force ? "--force" : "--rotate-operator-password"),
                        "a saved plan is applied exactly as planned; run up without --plan for that"};
  }
  if (state.timeout.count() > kMaxHelmTimeoutSeconds) {
    return UsageProblem{fmt::format("--timeout {}s is longer than a day", state.timeout.count()),
                        "a longer wait is a hung install: pass at most 24h"};
  }
  return std::nullopt;
}

// `help [COMMAND]` and a bare `altinity-deploy`: the help, on stdout, exit 0.
int print_help(const CommandLine& line) {
  const CLI::App* topic = &line.app;
  if (!line.state.help_topic.empty()) topic = line.app.get_subcommand(line.state.help_topic);
  // Not topic->help(): once `help` is parsed, CLI11 would print the help of `help` itself.
  const std::string name = topic == &line.app ? topic->get_name() : line.app.get_name() + " " + topic->get_name();
  write_stdout(core::escaped_lines(topic->get_formatter()->make_help(topic, name, CLI::AppFormatMode::Normal)));
  return 0;
}

// The words a fleet's targets are run with: the fleet's own flags and every
// manifest left out, those given without -f too.
std::vector<std::string> words_for_each_target(const CliState& state, const std::vector<std::string>& args) {
  std::vector<std::string> words = target_arguments(args);
  for (const std::string& manifest : state.positional_manifests) {
    auto last = std::find(words.rbegin(), words.rend(), manifest);
    if (last != words.rend()) words.erase(std::next(last).base());
  }
  return words;
}

// --color auto: on a terminal, unless NO_COLOR is set to something (an
// empty NO_COLOR does not count, as no-color.org says).
bool colour_wanted(const CliState& state, int fd) {
  if (state.color != "auto") return state.color == "always";
  return ::isatty(fd) == 1 && env_or_empty("NO_COLOR").empty();
}

// Many manifests: one deployer per target (docs/fleet.md). Every signal is
// recorded, whatever the verb, so that it can be passed to each target.
// render --show-secrets prints Secrets' data: on a terminal, say so first.
void warn_secrets_on_terminal(bool show_secrets) {
  if (show_secrets && ::isatty(STDOUT_FILENO) == 1) {
    log::warn("--show-secrets: the Secrets' data is printed on this terminal as rendered (base64 is not "
              "encryption); mind who can see the screen and the scrollback");
  }
}

int run_fleet(const CliState& state, const std::string& verb, const std::vector<std::string>& args,
              OutputFormat format) {
  core::install_interrupt_handlers(core::OnInterrupt::unwind);
  FleetRequest request;
  std::error_code error;
  request.binary = std::filesystem::read_symlink("/proc/self/exe", error).string();
  request.verb = verb;
  request.manifest_arguments = state.manifests;
  request.child_words = words_for_each_target(state, args);
  request.access = state.global.access;
  request.parallel = state.parallel;
  request.max_failures = state.max_failures;
  request.waves = state.waves;
  request.shard = state.shard;
  request.selector = state.selector;
  request.list = state.list;
  request.same_cluster = state.same_cluster;
  request.ask_before_destroy = verb == "destroy" && !state.yes && !state.list && can_ask();
  request.keep_namespace = state.destroy.keep_namespace;
  request.delete_crds = state.destroy.delete_crds;
  request.json = format == OutputFormat::json;
  request.terminal = ::isatty(STDERR_FILENO) == 1;
  if (request.binary.empty() || error) {
    return print_usage_error("cannot find this program's own path (/proc/self/exe) to run each target", "", format,
                             verb);
  }
  return run_fleet_command(request);
}

int run(int argc, char** argv) {
  auto line = make_command_line();
  CLI::App& app = line->app;
  CliState& state = line->state;
  state.global.manifest_path = env_or_empty("ALTINITY_DEPLOY_MANIFEST");
  state.global.access.kubeconfig_env = env_or_empty("KUBECONFIG");
  state.global.access.credentials_dir_env = env_or_empty("ALTINITY_DEPLOY_CREDENTIALS_DIR");
  state.global.access.home = env_or_empty("HOME");
  if (auto tmp = env_or_empty("TMPDIR"); !tmp.empty()) state.global.temp_dir = tmp;

  std::vector<std::string> args(argv + std::min(argc, 1), argv + argc);
  if (args.empty()) return print_help(*line);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // CLI11 says "A subcommand is required" for `upp` and nothing of
    // --manfest; name the word and the nearest right one where we can.
    const auto problem = find_usage_problem(*line, args);
    return print_usage_error(problem ? problem->message : e.what(),
                             problem ? problem->hint : "see altinity-deploy --help (or altinity-deploy COMMAND --help)",
                             asks_for_json(args) ? OutputFormat::json : OutputFormat::text);
  }
  // Parsed: CLI11's reading of --output is the one that counts. YAML is the JSON document.
  const OutputFormat format = state.output == "text" ? OutputFormat::text : OutputFormat::json;
  write_documents_as_yaml(state.output == "yaml");
  if (line->help->parsed()) return print_help(*line);
  take_saved_plan_argument(*line);
  if (auto conflict = conflicting_flags(*line)) {
    return print_usage_error(conflict->message, conflict->hint, format,
                             app.get_subcommands().front()->get_name());
  }
  if (state.timeout.count() > 0) state.global.helm_timeout_seconds = static_cast<int>(state.timeout.count());

  log::configure({state.verbose, state.quiet, colour_wanted(state, STDERR_FILENO), ::isatty(STDERR_FILENO) == 1});
  // up and destroy unwind on a signal (helm rolls back, the lock is given
  // back); the other verbs change nothing and stop at once.
  const bool changes_cluster = line->up->parsed() || line->destroy->parsed();
  core::install_interrupt_handlers(changes_cluster ? core::OnInterrupt::unwind : core::OnInterrupt::exit_now);

  if (line->version->parsed()) return print_outcome(actions::Outcome<VersionResult>(), "version", format);
  if (line->completion->parsed() || line->manpage->parsed()) return print_generated(*line);
  if (line->schema->parsed()) {
    const std::string text = manifest::manifest_schema().dump(2) + "\n";
    std::fwrite(text.data(), 1, text.size(), stdout);
    return 0;
  }
  state.manifests.insert(state.manifests.end(), state.positional_manifests.begin(), state.positional_manifests.end());
  if (state.manifests.empty() && !state.global.manifest_path.empty()) state.manifests = {state.global.manifest_path};
  if (fleet::names_a_fleet(state.manifests) || !state.shard.empty() || !state.waves.empty() || state.list ||
      !state.selector.empty()) {
    if (!state.plan.out_file.empty() || !state.up.plan_file.empty()) {
      return print_usage_error("a saved plan is for one manifest, not a fleet",
                               "run plan --out and up --plan for each manifest on its own", format,
                               app.get_subcommands().front()->get_name());
    }
    // The fleet's children write to pipes: the terminal is the parent's to warn about.
    if (line->render->parsed()) warn_secrets_on_terminal(state.render.show_secrets);
    return run_fleet(state, app.get_subcommands().front()->get_name(), args, format);
  }
  if (!state.manifests.empty()) state.global.manifest_path = state.manifests.front();
  exec::ProcessRunner process_runner;
  exec::VerboseRunner runner(process_runner);
  const bool write_status = !state.no_write_status;
  state.global.show_diagnostics = show_diagnostics;
  if (state.global.manifest_path == "-") {
    const std::string verb = app.get_subcommands().front()->get_name();
    if (auto refused = refuse_stdin_manifest(*line)) {
      return print_usage_error(refused->message, refused->hint, format, verb);
    }
    auto text = read_manifest_from_stdin();
    if (!text) return print_usage_error(text.error().message, text.error().hint, format, verb);
    state.global.manifest_text = std::move(*text);
  }

  if (line->validate->parsed()) return print_outcome(actions::run_validate(state.global), "validate", format);
  if (line->render->parsed()) {
    actions::RenderOptions options = state.render;
    if (state.render_helm_major != 0) options.helm_major = state.render_helm_major;
    warn_secrets_on_terminal(options.show_secrets);
    return print_outcome(actions::run_render(runner, state.global, options), "render", format);
  }
  // plan's change lines coloured by their sign on a terminal (--color).
  const TextDecorator plan_colour = colour_wanted(state, STDOUT_FILENO) ? colour_changes : nullptr;
  if (line->plan->parsed()) {
    state.plan.tool_version = build_info::kVersion;
    return print_outcome(actions::run_plan(runner, state.global, state.plan), "plan", format, plan_colour);
  }
  if (line->up->parsed() && state.dry_run) {
    actions::PlanOptions dry_run;
    dry_run.rotate_operator_password = state.up.rotate_operator_password;
    dry_run.allow_second_operator = state.up.allow_second_operator;
    dry_run.dry_run = true;
    dry_run.detailed_exitcode = state.plan.detailed_exitcode;
    dry_run.saved_plan = state.up.plan_file;
    return print_outcome(actions::run_plan(runner, state.global, dry_run), "up", format, plan_colour);
  }
  if (line->up->parsed()) {
    state.up.write_status = write_status;
    state.up.recover = !state.no_recover;
    // up's "changes:" log lines, coloured when the log is (stderr).
    state.up.change_colour = colour_wanted(state, STDERR_FILENO) ? colour_changes : nullptr;
    return print_outcome(actions::run_up(runner, state.global, state.up), "up", format);
  }
  if (line->destroy->parsed()) {
    state.destroy.write_status = write_status;
    if (!state.yes && can_ask()) {
      state.destroy.confirm = [](const actions::DestroyPreview& preview) {
        return ask_yes_no(destroy_preview_text(preview), stdin, stderr);
      };
    }
    return print_outcome(actions::run_destroy(runner, state.global, state.destroy), "destroy", format);
  }
  return print_outcome(actions::run_status(runner, state.global), "status", format);
}

}  // namespace

// For bench/: the deployer's own peak memory, helm and kubectl not counted. VmHWM, not
// getrusage's ru_maxrss: ru_maxrss survives exec, so a process started by a big parent
// (bench.py's Python) would report the parent's peak instead of its own.
void report_peak_rss_if_asked() {
  if (std::getenv("ALTINITY_DEPLOY_RUSAGE") == nullptr) return;
  std::FILE* status = std::fopen("/proc/self/status", "r");
  if (status == nullptr) return;
  char line[256];
  long kib = -1;
  while (std::fgets(line, sizeof line, status) != nullptr) {
    if (std::sscanf(line, "VmHWM: %ld kB", &kib) == 1) break;
  }
  std::fclose(status);
  if (kib >= 0) {
    std::fprintf(stderr, "altinity-deploy: peak RSS %ld KiB, %d processes started\n", kib,
                 exec::processes_started());
  }
}

int run_app(int argc, char** argv) {
  try {
    const int code = run(argc, argv);
    report_peak_rss_if_asked();
    return code;
  } catch (const std::exception& e) {
    // The exception's words may quote outside text (a library's message).
    std::fprintf(stderr, "error: internal error: %s\nhint: please report this with the command you ran\n",
                 core::escape_controls(e.what()).c_str());
    return static_cast<int>(ExitCode::failed);
  }
}

}  // namespace altinity_deploy::cli
