#include "command_line.hpp"

#include <chrono>
#include <type_traits>

#include "altinity_deploy/cli/help_text.hpp"
#include "altinity_deploy/core/duration.hpp"
#include "version_report.hpp"

namespace altinity_deploy::cli {
namespace {

// An option whose value must be one of `values`; recorded for completion.
template <class T>
CLI::Option* add_choice_option(CommandLine& line, CLI::App& command, const std::string& name, T& target,
                               const std::vector<T>& values, const std::string& description) {
  CLI::Option* option = command.add_option(name, target, description)->check(CLI::IsMember(values));
  auto& texts = line.choices[option];
  for (const T& value : values) {
    if constexpr (std::is_same_v<T, std::string>) {
      texts.push_back(value);
    } else {
      texts.push_back(std::to_string(value));
    }
  }
  return option;
}

void add_global_options(CommandLine& line) {
  CLI::App& app = line.app;
  CliState& state = line.state;
  app.add_option("-f,--manifest", state.manifests,
                 "The manifest file (default: $ALTINITY_DEPLOY_MANIFEST); repeat it, or give a folder or a "
                 "quoted pattern, for a fleet (docs/fleet.md)")
      ->type_name(kFileType)
      ->allow_extra_args(false);
  app.add_option("-j,--parallel", state.parallel, "Fleet: targets run at once (default: the targets, at most 4)")
      ->type_name("N")
      ->check(CLI::Range(1, 64));
  app.add_option("--max-failures", state.max_failures, "Fleet: start no more targets after N failed")
      ->type_name("N")
      ->check(CLI::Range(1, 100000));
  app.add_option("--waves", state.waves,
                 "Fleet: run the targets in waves by a label, each after the previous one succeeded "
                 "(e.g. env=dev,staging,prod)")
      ->type_name("LABEL=V1,V2");
  app.add_option("--shard", state.shard,
                 "Fleet: run only shard K of N (for parallel CI jobs; one wave per CI stage, docs/fleet.md)")
      ->type_name("K/N");
  app.add_option("-l,--selector", state.selector,
                 "Fleet: run only the targets whose labels (metadata.labels, env, org; tag: metadata.tags) match, "
                 "as kubectl's "
                 "-l: env=prod, team!=x, 'tier in (a,b)', 'tier notin (a)', key, !key; comma = and")
      ->type_name("SELECTOR");
  app.add_flag("--list", state.list, "Fleet: list the targets (selected, of this shard) and start nothing");
  app.add_option("--helm", state.global.helm_binary, "The helm binary (default: helm on PATH)")
      ->type_name(kFileType);
  app.add_option("--kubectl", state.global.kubectl_binary, "The kubectl binary (default: kubectl on PATH)")
      ->type_name(kFileType);
  app.add_option("--kubeconfig", state.global.access.kubeconfig_flag,
                 "Kubeconfig file (default: the manifest's credential, then $KUBECONFIG, then kubectl's)")
      ->type_name(kFileType);
  app.add_option("--context,--kube-context", state.global.access.context_flag,
                 "Kubeconfig context (default: the manifest's clusterName, then the current context)")
      ->type_name("NAME");
  app.add_flag("--same-cluster", state.same_cluster,
               "Fleet: let --kubeconfig/--context replace manifests that name different clusters (they are one)");
  app.add_option("--credentials-dir", state.global.access.credentials_dir_flag,
                 "Folder of kubeconfigs named by credential id (default: $ALTINITY_DEPLOY_CREDENTIALS_DIR, "
                 "then ~/.config/altinity-deploy/credentials)")
      ->type_name(kDirType);
  add_choice_option<std::string>(line, app, "-o,--output", state.output, {"text", "json", "yaml"},
                                 "Result format on stdout: text, json or yaml (the JSON document, as YAML)")
      ->type_name("FORMAT");
  add_choice_option<std::string>(line, app, "--color", state.color, {"auto", "always", "never"},
                                 "Colour: auto (on a terminal, unless NO_COLOR is set), always or never")
      ->type_name("WHEN");
  app.add_flag("-v,--verbose", state.verbose, "Show each helm/kubectl command and how long it took");
  app.add_flag("-q,--quiet", state.quiet, "Only warnings and errors on stderr");
  app.set_version_flag("--version", [] { return version_text(); }, "Print the version, commit and build, and exit");
}

// Durations in Go's form or as seconds: 90, 90s, 1m30s, 5m, 1h (duration.hpp).
void add_seconds_option(CLI::App& command, const std::string& name, std::chrono::seconds& target,
                        const std::string& description) {
  command
      .add_option_function<std::string>(
          name,
          [&target, name](const std::string& text) {
            auto parsed = core::parse_duration(text);
            if (!parsed && core::duration_problem(text) == core::DurationProblem::too_long) {
              throw CLI::ValidationError(name, "'" + text + "' is too long: more than 366 days");
            }
            if (!parsed) {
              throw CLI::ValidationError(name, "'" + text + "' is not a duration; write e.g. 0, 90, 90s, 1m30s, 5m or 1h");
            }
            target = *parsed;
          },
          description)
      ->type_name("DURATION");
}

// A verb's --help lists the global flags too, before the verb's footer:
// `up --help` is where a user looks for --kubeconfig.
class VerbHelpFormatter : public CLI::Formatter {
 public:
  std::string make_footer(const CLI::App* app) const override {
    const CLI::App* parent = app->get_parent();
    if (parent == nullptr) return CLI::Formatter::make_footer(app);
    std::vector<const CLI::Option*> globals = parent->get_options([parent](const CLI::Option* option) {
      return option->nonpositional() && option != parent->get_help_ptr();
    });
    return make_group("Global options", false, std::move(globals)) + CLI::Formatter::make_footer(app);
  }
};

// Manifests as positional arguments, as kubectl and helm take files: `validate op.yaml`,
// `up fleet/`; mixed with -f, they are one list.
void add_manifest_positionals(CommandLine& line, CLI::App& verb) {
  verb.add_option("manifests", line.state.positional_manifests,
                  "Manifest files, folders or quoted patterns, as with -f")
      ->type_name(kFileType);
}

// --timeout: how long helm may take, for this run, instead of spec.helm.timeoutSeconds.
void add_timeout_option(CommandLine& line, CLI::App& verb) {
  add_seconds_option(verb, "--timeout", line.state.timeout,
                     "How long helm may take (e.g. 10m), instead of the manifest's spec.helm.timeoutSeconds (or timeout)");
}

constexpr const char* kAllowSecondOperatorHelp =
    "Install even when another release of the operator's chart runs in the cluster (two operators); without "
    "it up refuses";
// plan changes nothing: the flag only says what up would do with it.
constexpr const char* kPlanAllowSecondOperatorHelp =
    "Plan as up --allow-second-operator would run: an install beside another release of the operator's "
    "chart is planned, not refused";

void add_verbs(CommandLine& line) {
  CLI::App& app = line.app;
  CliState& state = line.state;
  line.validate = app.add_subcommand("validate", "Check the manifest offline; exit 3 with every problem");
  line.validate->footer(kValidateFooter);

  line.render = app.add_subcommand(
      "render", "Print the Helm values and the commands `up` would run, or (--manifests) the objects (offline)");
  CLI::Option* manifests =
      line.render->add_flag("--manifests", state.render.manifests,
                            "Print the Kubernetes objects `up` would apply instead (the chart's CRDs, then "
                            "helm template's), as YAML documents; needs helm, not a cluster");
  line.render
      ->add_flag("--show-secrets", state.render.show_secrets,
                 "With --manifests: show Secrets' data as rendered (masked otherwise)")
      ->needs(manifests);
  line.render
      ->add_option("--kube-version", state.render.kube_version,
                   "With --manifests: the Kubernetes version to render for (default: helm template's own)")
      ->type_name("VERSION")
      ->needs(manifests);
  add_choice_option<int>(line, *line.render, "--helm-major", state.render_helm_major, {3, 4},
                         "Show Helm 3 or Helm 4 command lines (default: the installed helm's)")
      ->type_name("MAJOR")
      ->excludes(manifests);
  line.render->footer(kRenderFooter);

  line.plan = app.add_subcommand("plan", "Show what `up` would change (read-only)");
  line.plan->alias("diff");
  line.plan->alias("preview");
  line.plan->add_flag("--detailed-exitcode", state.plan.detailed_exitcode,
                      "Exit 0 when there are no changes, 2 when there are, 1 on error");
  line.plan->add_flag("--allow-second-operator", state.plan.allow_second_operator, kPlanAllowSecondOperatorHelp);
  add_choice_option<std::string>(line, *line.plan, "--diff", state.plan.diff, {"fields", "full"},
                                 "Object changes as changed fields (path: old -> new, long values cut; default) or "
                                 "full (each changed object's unified diff)")
      ->type_name("MODE");
  line.plan
      ->add_option("--out", state.plan.out_file,
                   "Also save the plan to FILE (JSON, mode 0600, no secrets) for `up --plan FILE` to apply exactly "
                   "(docs/saved-plans.md)")
      ->type_name(kFileType);
  line.plan->footer(kPlanFooter);

  CLI::App& up = *(line.up = app.add_subcommand("up", "Install or upgrade the operator and write status.outputs"));
  up.add_flag("--no-write-status", state.no_write_status, "Print the outputs instead of writing the manifest");
  up.add_flag("--force", state.up.force, "Apply the CRDs and upgrade even when the plan is empty");
  up.add_flag("--rotate-operator-password", state.up.rotate_operator_password,
              "Deploy a new generated password for the operator's ClickHouse login (docs/secrets.md)");
  up.add_flag("--allow-second-operator", state.up.allow_second_operator, kAllowSecondOperatorHelp);
  up.alias("apply");
  up.add_option("--plan", state.up.plan_file,
                "Apply this saved plan (plan --out FILE) exactly; exit 6 changing nothing when the manifest, the "
                "chart or the cluster moved since (`apply FILE` says the same)")
      ->type_name(kFileType);
  up.add_flag("--dry-run", state.dry_run, "Print the plan, as `plan` does, and change nothing");
  up.add_flag("--detailed-exitcode", state.plan.detailed_exitcode,
              "With --dry-run: exit 0 when there are no changes, 2 when there are, 1 on error");
  add_timeout_option(line, up);
  up.add_flag("--no-recover", state.no_recover, "Fail instead of recovering a release left pending-* by a killed run");
  add_seconds_option(up, "--lock-timeout", state.up.lock_timeout,
                     "How long to wait for another run's lock on this release (e.g. 0, 90s, 1m30s, 5m; default 0)");
  add_seconds_option(up, "--fail-fast-after", state.up.fail_fast_after,
                     "Stop waiting once a container is stuck in ImagePullBackOff/CrashLoopBackOff/... this long "
                     "(0 disables; default 30s)");
  up.footer(kUpFooter);

  CLI::App& destroy = *(line.destroy = app.add_subcommand("destroy", "Uninstall the operator and delete its namespace"));
  destroy.add_flag("--keep-namespace", state.destroy.keep_namespace, "Keep the namespace");
  destroy.add_flag("--delete-crds", state.destroy.delete_crds,
                   "Also delete the operator's CRDs, and with them every ClickHouse cluster");
  destroy.add_flag("--no-write-status", state.no_write_status, "Leave the manifest's status as it is");
  destroy.add_flag("--force", state.destroy.force,
                   "Uninstall even while ClickHouseInstallations/ClickHouseKeeperInstallations exist");
  add_timeout_option(line, destroy);
  destroy.add_flag("-y,--yes", state.yes,
                   "Do not ask: on a terminal destroy lists what it will remove and asks once (off one it never asks)");
  add_seconds_option(destroy, "--lock-timeout", state.destroy.lock_timeout,
                     "How long to wait for another run's lock on this release (default 0)");
  destroy.footer(kDestroyFooter);

  line.status = app.add_subcommand("status", "Show the release, the operator and the CRDs (changes nothing)");
  line.status->footer(kStatusFooter);
  line.version = app.add_subcommand("version", "Print the version, git commit, build type, compiler and libraries");
  line.version->footer(kVersionFooter);
  line.schema = app.add_subcommand("schema", "Print the manifest's JSON Schema (draft 2020-12)");
  line.schema->footer(kSchemaFooter);
  line.completion = app.add_subcommand("completion", "Print the shell completion script for bash, zsh or fish");
  add_choice_option<std::string>(line, *line.completion, "shell", state.completion_shell, {"bash", "zsh", "fish"},
                                 "The shell")
      ->required();
  line.completion->footer(kCompletionFooter);
  line.help = app.add_subcommand("help", "Print the help, or a command's help");
  add_choice_option<std::string>(line, *line.help, "command", state.help_topic,
                                 {"validate", "render", "plan", "up", "destroy", "status", "version", "schema",
                                  "completion"},
                                 "The command");
  // Hidden (no group): the build runs it to write the man page.
  line.manpage = app.add_subcommand("manpage", "Print the man page (roff)")->group("");
  for (CLI::App* verb : {line.validate, line.render, line.plan, line.up, line.destroy, line.status}) {
    add_manifest_positionals(line, *verb);
  }
}

// The top-level --help's footer: the same tables the man page prints.
std::string app_footer() {
  auto table = [](const char* title, const auto& entries, size_t width) {
    std::string text = std::string("\n") + title + ":\n";
    for (const HelpEntry& entry : entries) {
      const std::string name = entry.name;
      text += "  " + name + std::string(name.size() < width ? width - name.size() : 1, ' ') + entry.text + "\n";
    }
    return text;
  };
  return table("Exit codes", kExitStatus, 4) + table("Environment", kEnvironment, 32) +
         "\nExamples:" + kAppExamples;
}

}  // namespace

std::unique_ptr<CommandLine> make_command_line() {
  auto line = std::make_unique<CommandLine>();
  line->app.description(kAppDescription);
  line->app.name("altinity-deploy");
  line->app.footer(app_footer());
  line->app.formatter(std::make_shared<VerbHelpFormatter>());
  line->app.require_subcommand(1);
  line->app.fallthrough();
  add_global_options(*line);
  add_verbs(*line);
  return line;
}

}  // namespace altinity_deploy::cli
