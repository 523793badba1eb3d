#include "altinity_deploy/cli/app.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "altinity_deploy/actions/verbs.hpp"
#include "altinity_deploy/cli/build_info.hpp"
#include "altinity_deploy/core/interrupt.hpp"
#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/exec/process_runner.hpp"
#include "altinity_deploy/exec/verbose_runner.hpp"
#include "altinity_deploy/manifest/manifest_schema.hpp"
#include "altinity_deploy/plan/release_plan.hpp"
#include "command_line.hpp"
#include "command_spec.hpp"
#include "version_report.hpp"

namespace altinity_deploy::cli {
namespace {

std::string env_or_empty(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

int print_report(const actions::Report& report, const CliState& state) {
  const int code = static_cast<int>(report.code);
  if (state.output == "json") {
    nlohmann::json data = report.data;
    data["exitCode"] = code;
    std::string text = data.dump(2) + "\n";
    std::fwrite(text.data(), 1, text.size(), stdout);
  } else if (report.code == ExitCode::success || report.code == ExitCode::changes_pending) {
    std::fwrite(report.text.data(), 1, report.text.size(), stdout);
  }
  if (report.data.contains("error")) {
    log::error("{}", report.data["error"].get<std::string>());
    if (report.data.contains("hint")) log::info("hint: {}", report.data["hint"].get<std::string>());
  }
  return code;
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

// --color auto: on a terminal, unless NO_COLOR is set to something (an
// empty NO_COLOR does not count, as no-color.org says).
bool colour_wanted(const CliState& state, int fd) {
  if (state.color != "auto") return state.color == "always";
  return ::isatty(fd) == 1 && env_or_empty("NO_COLOR").empty();
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

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return static_cast<int>(ExitCode::invalid_input);
  }

  log::configure({state.verbose, state.quiet, colour_wanted(state, STDERR_FILENO), ::isatty(STDERR_FILENO) == 1});
  // up and destroy unwind on a signal (helm rolls back, the lock is given
  // back); the other verbs change nothing and stop at once.
  const bool changes_cluster = line->up->parsed() || line->destroy->parsed();
  core::install_interrupt_handlers(changes_cluster ? core::OnInterrupt::unwind : core::OnInterrupt::exit_now);

  if (line->version->parsed()) return print_report(version_report(), state);
  if (line->completion->parsed() || line->manpage->parsed()) return print_generated(*line);
  if (line->schema->parsed()) {
    const std::string text = manifest::manifest_schema().dump(2) + "\n";
    std::fwrite(text.data(), 1, text.size(), stdout);
    return 0;
  }
  exec::ProcessRunner process_runner;
  exec::VerboseRunner runner(process_runner);
  const bool write_status = !state.no_write_status;

  actions::Report report;
  if (line->validate->parsed()) {
    report = actions::run_validate(state.global);
  } else if (line->render->parsed()) {
    actions::RenderOptions options;
    if (state.render_helm_major != 0) options.helm_major = state.render_helm_major;
    report = actions::run_render(runner, state.global, options);
  } else if (line->plan->parsed()) {
    report = actions::run_plan(runner, state.global, state.plan);
    if (colour_wanted(state, STDOUT_FILENO)) report.text = plan::colour_changes(report.text);
  } else if (line->up->parsed()) {
    state.up.write_status = write_status;
    state.up.recover = !state.no_recover;
    report = actions::run_up(runner, state.global, state.up);
  } else if (line->destroy->parsed()) {
    state.destroy.write_status = write_status;
    report = actions::run_destroy(runner, state.global, state.destroy);
  } else if (line->status->parsed()) {
    report = actions::run_status(runner, state.global);
  }
  if (core::interrupted() && report.code != ExitCode::success) report.code = ExitCode::interrupted;
  return print_report(report, state);
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
  if (kib >= 0) std::fprintf(stderr, "altinity-deploy: peak RSS %ld KiB\n", kib);
}

int run_app(int argc, char** argv) {
  try {
    const int code = run(argc, argv);
    report_peak_rss_if_asked();
    return code;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: internal error: %s\nhint: please report this with the command you ran\n", e.what());
    return static_cast<int>(ExitCode::failed);
  }
}

}  // namespace altinity_deploy::cli
