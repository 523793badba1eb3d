#include "altinity_deploy/cli/app.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include <CLI/CLI.hpp>

#include "altinity_deploy/actions/verbs.hpp"
#include "altinity_deploy/cli/help_text.hpp"
#include "altinity_deploy/core/interrupt.hpp"
#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/exec/process_runner.hpp"
#include "altinity_deploy/exec/verbose_runner.hpp"

namespace altinity_deploy::cli {
namespace {

std::string env_or_empty(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

struct CliState {
  actions::GlobalOptions global;
  std::string output = "text";
  bool verbose = false;
  bool quiet = false;
  bool no_write_status = false;
  bool no_recover = false;
  actions::UpOptions up;
  actions::PlanOptions plan;
  actions::DestroyOptions destroy;
  int render_helm_major = 0;
};

void add_global_options(CLI::App& app, CliState& state) {
  app.add_option("-f,--manifest", state.global.manifest_path,
                 "The manifest file (default: $ALTINITY_DEPLOY_MANIFEST)");
  app.add_option("--helm", state.global.helm_binary, "The helm binary (default: helm on PATH)");
  app.add_option("--kubectl", state.global.kubectl_binary, "The kubectl binary (default: kubectl on PATH)");
  app.add_option("--kubeconfig", state.global.access.kubeconfig_flag,
                 "Kubeconfig file (default: $KUBECONFIG, then the manifest's credential)");
  app.add_option("--context,--kube-context", state.global.access.context_flag,
                 "Kubeconfig context (default: the manifest's clusterName, then the current context)");
  app.add_option("--credentials-dir", state.global.access.credentials_dir_flag,
                 "Folder of kubeconfigs named by credential id (default: $ALTINITY_DEPLOY_CREDENTIALS_DIR, "
                 "then ~/.config/altinity-deploy/credentials)");
  app.add_option("-o,--output", state.output, "Result format on stdout: text or json")
      ->check(CLI::IsMember({"text", "json"}));
  app.add_flag("-v,--verbose", state.verbose, "Show each helm/kubectl command and how long it took");
  app.add_flag("-q,--quiet", state.quiet, "Only warnings and errors on stderr");
}

// Durations as a number of seconds or with a unit: 90, 90s, 5m, 1h.
void add_seconds_option(CLI::App& command, const std::string& name, std::chrono::seconds& target,
                        const std::string& description) {
  command
      .add_option_function<std::string>(
          name,
          [&target, name](const std::string& text) {
            size_t used = 0;
            long long value = -1;
            try {
              value = std::stoll(text, &used);
            } catch (const std::exception&) {
              used = 0;
            }
            const std::string unit = text.substr(used);
            const long long scale = unit.empty() || unit == "s" ? 1 : unit == "m" ? 60 : unit == "h" ? 3600 : 0;
            if (used == 0 || value < 0 || scale == 0) {
              throw CLI::ValidationError(name, "'" + text + "' is not a duration; write e.g. 0, 90, 90s, 5m or 1h");
            }
            target = std::chrono::seconds(value * scale);
          },
          description)
      ->type_name("DURATION");
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

bool colour_wanted() { return ::isatty(STDERR_FILENO) == 1 && std::getenv("NO_COLOR") == nullptr; }

int run(int argc, char** argv) {
  CliState state;
  state.global.manifest_path = env_or_empty("ALTINITY_DEPLOY_MANIFEST");
  state.global.access.kubeconfig_env = env_or_empty("KUBECONFIG");
  state.global.access.credentials_dir_env = env_or_empty("ALTINITY_DEPLOY_CREDENTIALS_DIR");
  state.global.access.home = env_or_empty("HOME");
  if (auto tmp = env_or_empty("TMPDIR"); !tmp.empty()) state.global.temp_dir = tmp;

  CLI::App app{kAppDescription, "altinity-deploy"};
  app.footer(kAppFooter);
  app.require_subcommand(1);
  app.fallthrough();
  add_global_options(app, state);

  auto* validate = app.add_subcommand("validate", "Check the manifest offline; exit 3 with every problem");
  validate->footer(kValidateFooter);
  auto* render = app.add_subcommand("render", "Print the Helm values and the commands `up` would run (offline)");
  render->add_option("--helm-major", state.render_helm_major, "Show Helm 3 or Helm 4 command lines "
                                                              "(default: the installed helm's)")
      ->check(CLI::IsMember({3, 4}));
  render->footer(kRenderFooter);
  auto* plan = app.add_subcommand("plan", "Show what `up` would change (read-only)");
  plan->alias("diff");
  plan->alias("preview");
  plan->add_flag("--detailed-exitcode", state.plan.detailed_exitcode,
                 "Exit 0 when there are no changes, 2 when there are, 1 on error");
  plan->footer(kPlanFooter);
  auto* up = app.add_subcommand("up", "Install or upgrade the operator and write status.outputs");
  up->add_flag("--no-write-status", state.no_write_status, "Print the outputs instead of writing the manifest");
  up->add_flag("--force", state.up.force, "Apply the CRDs and upgrade even when the plan is empty");
  up->add_flag("--rotate-operator-password", state.up.rotate_operator_password,
               "Deploy a new generated password for the operator's ClickHouse login (docs/secrets.md)");
  up->add_flag("--no-recover", state.no_recover,
               "Fail instead of recovering a release left pending-* by a killed run");
  add_seconds_option(*up, "--lock-timeout", state.up.lock_timeout,
                     "How long to wait for another run's lock on this release (e.g. 0, 90, 5m; default 0)");
  add_seconds_option(*up, "--fail-fast-after", state.up.fail_fast_after,
                     "Stop waiting once a container is stuck in ImagePullBackOff/CrashLoopBackOff/... this long "
                     "(0 disables; default 30s)");
  up->footer(kUpFooter);
  auto* destroy = app.add_subcommand("destroy", "Uninstall the operator and delete its namespace");
  destroy->add_flag("--keep-namespace", state.destroy.keep_namespace, "Keep the namespace");
  destroy->add_flag("--delete-crds", state.destroy.delete_crds,
                    "Also delete the operator's CRDs, and with them every ClickHouse cluster");
  destroy->add_flag("--no-write-status", state.no_write_status, "Leave the manifest's status as it is");
  destroy->add_flag("--force", state.destroy.force,
                    "Uninstall even while ClickHouseInstallations/ClickHouseKeeperInstallations exist");
  add_seconds_option(*destroy, "--lock-timeout", state.destroy.lock_timeout,
                     "How long to wait for another run's lock on this release (default 0)");
  destroy->footer(kDestroyFooter);
  auto* status = app.add_subcommand("status", "Show the release, the operator and the CRDs (changes nothing)");
  status->footer(kStatusFooter);
  auto* version = app.add_subcommand("version", "Print the version");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return static_cast<int>(ExitCode::invalid_input);
  }

  log::configure({state.verbose, state.quiet, colour_wanted()});
  core::install_interrupt_handlers();

  if (version->parsed()) {
    std::printf("altinity-deploy %s\n", ALTINITY_DEPLOY_VERSION);
    return 0;
  }
  exec::ProcessRunner process_runner;
  exec::VerboseRunner runner(process_runner);
  const bool write_status = !state.no_write_status;

  actions::Report report;
  if (validate->parsed()) {
    report = actions::run_validate(state.global);
  } else if (render->parsed()) {
    actions::RenderOptions options;
    if (state.render_helm_major != 0) options.helm_major = state.render_helm_major;
    report = actions::run_render(runner, state.global, options);
  } else if (plan->parsed()) {
    report = actions::run_plan(runner, state.global, state.plan);
  } else if (up->parsed()) {
    state.up.write_status = write_status;
    state.up.recover = !state.no_recover;
    report = actions::run_up(runner, state.global, state.up);
  } else if (destroy->parsed()) {
    state.destroy.write_status = write_status;
    report = actions::run_destroy(runner, state.global, state.destroy);
  } else if (status->parsed()) {
    report = actions::run_status(runner, state.global);
  }
  if (core::interrupted() && report.code != ExitCode::success) report.code = ExitCode::interrupted;
  return print_report(report, state);
}

}  // namespace

// For bench/: the deployer's own peak memory, helm and kubectl not counted.
void report_rusage_if_asked() {
  if (std::getenv("ALTINITY_DEPLOY_RUSAGE") == nullptr) return;
  struct rusage usage {};
  if (::getrusage(RUSAGE_SELF, &usage) == 0) {
    std::fprintf(stderr, "altinity-deploy: peak RSS %ld KiB\n", usage.ru_maxrss);
  }
}

int run_app(int argc, char** argv) {
  try {
    const int code = run(argc, argv);
    report_rusage_if_asked();
    return code;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: internal error: %s\nhint: please report this with the command you ran\n", e.what());
    return static_cast<int>(ExitCode::failed);
  }
}

}  // namespace altinity_deploy::cli
