#include "altinity_deploy/tools/helm_client.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string_view>

#include <fmt/format.h>

#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/core/sha256.hpp"
#include "altinity_deploy/core/try.hpp"
#include "altinity_deploy/exec/program_path.hpp"
#include "altinity_deploy/tools/timeouts.hpp"
#include "altinity_deploy/tools/tool_error.hpp"

namespace altinity_deploy::tools {
namespace {

using namespace std::chrono_literals;

// Read-only helm calls should answer in seconds; a hung API server must not
// hang the deployer.
constexpr auto kQueryTimeout = 120s;

std::string helm_timeout(int timeout_seconds) {
  return fmt::format("{}s", change_timeouts(timeout_seconds).tool.count());
}

// An interrupted helm is the run's end, whatever the call was.
Result<exec::CommandResult> not_interrupted(Result<exec::CommandResult> result) {
  if (result && result->interrupted) return fail(ExitCode::interrupted, "interrupted while running helm");
  return result;
}

void append(std::vector<std::string>& to, const std::vector<std::string>& words) {
  to.insert(to.end(), words.begin(), words.end());
}

// False for the shims of the version managers we know, which pick the real
// helm by folder or environment at each start, so their identity does not
// tell which helm runs: a binary hard-linked under many names (proto's
// shims) or an asdf shim script (`# asdf-plugin: helm ...`, `asdf exec`).
// mise's shims are links to mise itself (caught by the name check below).
bool is_helm_itself(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return false;
  struct stat info {};
  char head[512] = {};
  ssize_t length = -1;
  const bool single = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_nlink == 1;
  if (single) length = ::read(fd, head, sizeof head);
  ::close(fd);
  if (!single || length < 0) return false;
  const std::string_view start(head, static_cast<size_t>(length));
  return !(start.starts_with("#!") && (start.find("asdf-plugin") != std::string_view::npos ||
                                       start.find("asdf exec") != std::string_view::npos));
}

// What identifies the helm that `binary` starts: the file exec finds, links
// resolved, by path, size, mtime and inode (a new helm is a new file).
// nullopt when it is not found, or when the file is not a helm (a version
// manager's shim: see is_helm_itself).
std::optional<std::string> helm_binary_identity(const std::string& binary) {
  const auto found = exec::find_program(binary);
  if (!found) return std::nullopt;
  std::error_code error;
  const auto real = std::filesystem::canonical(*found, error);
  if (error || !real.filename().string().starts_with("helm")) return std::nullopt;
  if (!is_helm_itself(real.string())) return std::nullopt;
  return file_identity(real.string());
}

}  // namespace

HelmClient::HelmClient(exec::Runners runners, std::string binary, KubeAccess access, ReleaseRef release)
    : runners_(runners), binary_(std::move(binary)), access_(std::move(access)), release_(std::move(release)) {}

exec::Command HelmClient::base(std::vector<std::string> words) const {
  exec::Command command;
  command.argv.push_back(binary_);
  append(command.argv, words);
  append(command.argv, access_.helm_flags());
  command.timeout = kQueryTimeout;
  // Helm 4 colours its output on a terminal; we parse it, so never.
  command.env.emplace_back("NO_COLOR", "1");
  return command;
}

HelmClient HelmClient::with_change_runner(exec::CommandRunner& changes) const {
  HelmClient copy = *this;
  copy.runners_.changes = &changes;
  return copy;
}

Result<exec::CommandResult> HelmClient::read(const exec::Command& command) {
  return not_interrupted(runners_.reads->run(command));
}

Result<exec::CommandResult> HelmClient::change(const exec::Command& command) {
  return not_interrupted(runners_.changes->run(command));
}

std::optional<std::string> HelmClient::cache_key(const exec::Command& command,
                                                 const std::optional<std::string>& chart_identity) const {
  if (!cache_.enabled()) return std::nullopt;
  const auto helm = helm_binary_identity(binary_);
  if (!helm) return std::nullopt;
  std::string question = *helm;
  for (size_t i = 1; i < command.argv.size(); ++i) question += "\n" + command.argv[i];
  if (chart_identity) question += "\nchart " + *chart_identity;
  // Hashed: a repository URL may carry a password, which no cache file keeps.
  return fmt::format("helm {} {}", command.argv.size() > 1 ? command.argv[1] : "", core::sha256_hex(question));
}

std::optional<std::string> HelmClient::show_cache_key(const exec::Command& command, const spec::Chart& chart) const {
  if (!cache_.enabled()) return std::nullopt;
  // No identity: a version range or an unreadable local chart, whose answer may change.
  const auto identity = chart_cache_identity(chart);
  return identity ? cache_key(command, identity) : std::nullopt;
}

Result<exec::CommandResult> HelmClient::cached_read(const exec::Command& command,
                                                    const std::optional<std::string>& key, bool& fresh) {
  fresh = true;
  if (key) {
    if (auto answer = cache_.get(*key)) {
      log::debug("cache hit: {} (answered from {}; not run)", command.display(), cache_.folder());
      fresh = false;
      exec::CommandResult result;
      result.exit_code = 0;
      result.out = std::move(*answer);
      return result;
    }
    log::debug("cache miss: {}", command.display());
  }
  TRY_ASSIGN(result, read(command));
  // A dry run's runner answers nothing worth keeping.
  if (result.dry_run) fresh = false;
  return result;
}

Result<HelmVersion> HelmClient::detect_version() {
  exec::Command command;
  command.argv = {binary_, "version", "--template", "{{.Version}}"};
  command.timeout = kQueryTimeout;
  const auto key = cache_key(command, std::nullopt);
  bool fresh = false;
  TRY_ASSIGN(result, cached_read(command, key, fresh));
  if (!result.ok()) {
    return fail(ExitCode::unavailable,
                fmt::format("'{}' does not answer `helm version`: {}", binary_, result.err_tail(2)),
                "check that --helm (or helm on PATH) is Helm 3 or Helm 4");
  }
  std::string text = result.out;
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  if (text.size() < 2 || text[0] != 'v' || (text[1] != '3' && text[1] != '4')) {
    return fail(ExitCode::unavailable,
                fmt::format("'{}' reports version '{}'; Helm 3 or Helm 4 is required", binary_, text),
                "install Helm 3.8+ or Helm 4, or point --helm at it");
  }
  version_ = HelmVersion{text[1] - '0', text};
  if (fresh && key) cache_.put(*key, result.out);
  return version_;
}

exec::Command HelmClient::upgrade_install_command(const UpgradeRequest& request) const {
  auto chart = chart_reference(request.chart);
  std::vector<std::string> words = {"upgrade", "--install", release_.name};
  append(words, chart.words);
  words.insert(words.end(), {"--namespace", release_.namespace_name});
  append(words, chart.flags);
  words.insert(words.end(), {"--values", request.values_file});
  if (request.skip_crds) words.push_back("--skip-crds");
  if (major() >= 4) {
    // Helm 4 renamed --atomic; its rollback implies the kstatus watcher wait,
    // which we spell out so that the argv says what happens.
    if (request.atomic) words.push_back("--rollback-on-failure");
    words.push_back("--wait=watcher");
    const bool ssa = request.apply_method == ApplyMethod::server_side;
    words.push_back(ssa ? "--server-side=true" : "--server-side=false");
    // Conflicts only exist under server-side apply.
    if (ssa) words.push_back("--force-conflicts");
    if (request.force) words.push_back("--force-replace");
  } else {
    if (request.atomic) words.push_back("--atomic");
    words.push_back("--wait");
    if (request.force) words.push_back("--force");
  }
  if (request.cleanup_on_fail) words.push_back("--cleanup-on-fail");
  words.insert(words.end(), {"--timeout", helm_timeout(request.timeout_seconds)});
  // The release as helm recorded it (revision, status, chart, apply method),
  // so that no `helm history` needs to follow.
  words.insert(words.end(), {"--output", "json"});
  auto command = base(std::move(words));
  command.timeout = change_timeouts(request.timeout_seconds).process;
  return command;
}

Result<UpgradeOutcome> HelmClient::upgrade_install(const UpgradeRequest& request, const exec::Watcher& watcher,
                                                   std::chrono::milliseconds every) {
  TRY_ASSIGN(result, not_interrupted(runners_.changes->run_watched(upgrade_install_command(request), watcher, every)));
  UpgradeOutcome outcome;
  outcome.dry_run = result.dry_run;
  if (!result.stopped_because.empty()) {
    outcome.stopped_because = result.stopped_because;
    outcome.result = std::move(result);
    return outcome;
  }
  if (!result.ok()) return tool_failure("helm upgrade --install", result);
  // helm prints the release it recorded; unreadable (or a dry run's empty
  // answer) leaves it to the caller to ask.
  if (auto printed = parse_printed_release(result.out); printed && printed->info.revision > 0 &&
                                                        !printed->info.chart_version.empty()) {
    outcome.printed = std::move(printed->info);
    outcome.printed_manifest = std::move(printed->manifest);
  }
  outcome.result = std::move(result);
  return outcome;
}

Result<std::optional<std::string>> HelmClient::status_json() {
  TRY_ASSIGN(result, read(base({"status", release_.name, "--namespace", release_.namespace_name, "--output", "json"})));
  if (!result.ok()) {
    if (is_release_not_found(result.err)) return std::optional<std::string>{};
    return tool_failure("helm status", result);
  }
  return std::optional<std::string>{std::move(result.out)};
}

Result<std::optional<ReleaseInfo>> HelmClient::status() {
  TRY_ASSIGN(printed, status_json());
  if (!printed) return std::optional<ReleaseInfo>{};
  TRY_ASSIGN(info, parse_release_status(*printed));
  return std::optional<ReleaseInfo>{std::move(info)};
}

Result<std::optional<ReleaseInfo>> HelmClient::latest_revision() {
  TRY_ASSIGN(result, read(base({"history", release_.name, "--namespace", release_.namespace_name, "--max", "1",
                                "--output", "json"})));
  if (!result.ok()) {
    if (is_release_not_found(result.err)) return std::optional<ReleaseInfo>{};
    return tool_failure("helm history", result);
  }
  TRY_ASSIGN(entries, parse_history(result.out));
  if (entries.empty()) return std::optional<ReleaseInfo>{};
  const HistoryEntry& newest = entries.back();
  ReleaseInfo info;
  info.name = release_.name;
  info.namespace_name = release_.namespace_name;
  info.status = newest.status;
  info.revision = newest.revision;
  split_chart_label(newest.chart, info.chart_name, info.chart_version);
  info.app_version = newest.app_version;
  info.last_deployed = newest.updated;  // helm history's "updated" is the revision's last_deployed
  info.description = newest.description;
  return std::optional<ReleaseInfo>{std::move(info)};
}

Result<std::vector<ReleaseInfo>> HelmClient::list_releases_everywhere() {
  // --max 0: helm list stops at 256 releases by default, and the one it
  // leaves out could be the other operator.
  TRY_ASSIGN(result, read(base({"list", "--all-namespaces", "--deployed", "--failed", "--pending", "--max", "0",
                                "--output", "json"})));
  if (!result.ok()) return tool_failure("helm list", result);
  return parse_release_list(result.out);
}

Result<std::vector<HistoryEntry>> HelmClient::history() {
  TRY_ASSIGN(result, read(base({"history", release_.name, "--namespace", release_.namespace_name, "--max", "20",
                                "--output", "json"})));
  if (!result.ok()) {
    if (is_release_not_found(result.err)) return std::vector<HistoryEntry>{};
    return tool_failure("helm history", result);
  }
  return parse_history(result.out);
}

Result<nlohmann::json> HelmClient::get_values() {
  TRY_ASSIGN(result, read(base({"get", "values", release_.name, "--namespace", release_.namespace_name, "--output",
                                "json"})));
  if (!result.ok()) {
    if (is_release_not_found(result.err)) return nlohmann::json(nullptr);
    return tool_failure("helm get values", result);
  }
  try {
    return nlohmann::json::parse(result.out);
  } catch (const std::exception& e) {
    return fail(ExitCode::failed, std::string("cannot read the JSON of `helm get values`: ") + e.what());
  }
}

exec::Command HelmClient::show_command(const std::string& what, const spec::Chart& chart) const {
  // A chart is named the same way on both majors, so `helm show` may run
  // side by side with detect_version().
  auto ref = chart_reference(chart);
  exec::Command command;
  command.argv = {binary_, "show", what};
  append(command.argv, ref.words);
  append(command.argv, ref.flags);
  command.timeout = kQueryTimeout;
  command.env.emplace_back("NO_COLOR", "1");
  return command;
}

Result<std::string> HelmClient::show_crds(const spec::Chart& chart) {
  const auto command = show_command("crds", chart);
  const auto key = show_cache_key(command, chart);
  bool fresh = false;
  TRY_ASSIGN(result, cached_read(command, key, fresh));
  if (!result.ok()) return tool_failure("helm show crds", result);
  // Asked for only with createCrds: an empty answer would make `up` apply no
  // CRDs at all and say nothing.
  if (result.out.find_first_not_of(" \t\r\n-") == std::string::npos) {
    return fail(ExitCode::failed,
                fmt::format("`{}` printed no CRDs, but the manifest asks for them (createCrds: true)",
                            command.display()),
                "check chart.name and chart.version (the chart must ship its CRDs in crds/), or set "
                "createCrds: false and install the CRDs yourself");
  }
  if (fresh && key) cache_.put(*key, result.out);
  return result.out;
}

Result<ChartMetadata> HelmClient::show_chart(const spec::Chart& chart) {
  const auto command = show_command("chart", chart);
  const auto key = show_cache_key(command, chart);
  bool fresh = false;
  TRY_ASSIGN(result, cached_read(command, key, fresh));
  if (!result.ok()) return tool_failure("helm show chart", result);
  TRY_ASSIGN(metadata, parse_chart_metadata(result.out));
  if (fresh && key) cache_.put(*key, result.out);
  return metadata;
}

exec::Command HelmClient::template_command(const TemplateRequest& request) const {
  // Like `helm show`: no kubeconfig flags, as helm template reads no cluster.
  // CRDs are not in its output (no --include-crds): up applies them itself.
  auto chart = chart_reference(request.chart);
  exec::Command command;
  command.argv = {binary_, "template", release_.name};
  append(command.argv, chart.words);
  command.argv.insert(command.argv.end(), {"--namespace", release_.namespace_name});
  append(command.argv, chart.flags);
  command.argv.insert(command.argv.end(), {"--values", request.values_file, "--skip-tests"});
  if (!request.kube_version.empty()) command.argv.insert(command.argv.end(), {"--kube-version", request.kube_version});
  command.timeout = kQueryTimeout;
  command.env.emplace_back("NO_COLOR", "1");
  return command;
}

Result<std::string> HelmClient::template_release(const TemplateRequest& request) {
  TRY_ASSIGN(result, read(template_command(request)));
  if (!result.ok()) return tool_failure("helm template", result);
  return result.out;
}

exec::Command HelmClient::uninstall_command(int timeout_seconds) const {
  auto command = base({"uninstall", release_.name, "--namespace", release_.namespace_name, "--wait", "--timeout",
                       helm_timeout(timeout_seconds)});
  command.timeout = change_timeouts(timeout_seconds).process;
  return command;
}

Status HelmClient::uninstall(int timeout_seconds) {
  TRY_ASSIGN(result, change(uninstall_command(timeout_seconds)));
  if (!result.ok() && !is_release_not_found(result.err)) return tool_failure("helm uninstall", result);
  return {};
}

exec::Command HelmClient::rollback_command(int revision, int timeout_seconds) const {
  auto command = base({"rollback", release_.name, std::to_string(revision), "--namespace", release_.namespace_name,
                       "--wait", "--timeout", helm_timeout(timeout_seconds)});
  command.timeout = change_timeouts(timeout_seconds).process;
  return command;
}

Status HelmClient::rollback(int revision, int timeout_seconds) {
  TRY_ASSIGN(result, change(rollback_command(revision, timeout_seconds)));
  if (!result.ok()) return tool_failure("helm rollback", result);
  return {};
}

}  // namespace altinity_deploy::tools
