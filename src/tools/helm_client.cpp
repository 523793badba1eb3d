#include "altinity_deploy/tools/helm_client.hpp"

#include <fmt/format.h>

#include "altinity_deploy/tools/tool_error.hpp"

namespace altinity_deploy::tools {
namespace {

using namespace std::chrono_literals;

// Read-only helm calls should answer in seconds; a hung API server must not
// hang the deployer.
constexpr auto kQueryTimeout = 120s;

// A changing call may take helm's own --timeout; give helm room to report
// that timeout itself before we kill it.
std::chrono::milliseconds change_timeout(int helm_timeout_seconds) {
  return std::chrono::seconds(helm_timeout_seconds) + 60s;
}

void append(std::vector<std::string>& to, const std::vector<std::string>& words) {
  to.insert(to.end(), words.begin(), words.end());
}

}  // namespace

HelmClient::HelmClient(exec::CommandRunner& runner, std::string binary, KubeAccess access)
    : runner_(runner), binary_(std::move(binary)), access_(std::move(access)) {}

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

Result<exec::CommandResult> HelmClient::run(const exec::Command& command) {
  auto result = runner_.run(command);
  if (!result) return tl::unexpected(result.error());
  if (result->interrupted) return fail(ExitCode::interrupted, "interrupted while running helm");
  return result;
}

Result<HelmVersion> HelmClient::detect_version() {
  exec::Command command;
  command.argv = {binary_, "version", "--template", "{{.Version}}"};
  command.timeout = kQueryTimeout;
  auto result = run(command);
  if (!result) return tl::unexpected(result.error());
  if (!result->ok()) {
    return fail(ExitCode::unavailable,
                fmt::format("'{}' does not answer `helm version`: {}", binary_, result->err_tail(2)),
                "check that --helm (or helm on PATH) is Helm 3 or Helm 4");
  }
  std::string text = result->out;
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  if (text.size() < 2 || text[0] != 'v' || (text[1] != '3' && text[1] != '4')) {
    return fail(ExitCode::unavailable,
                fmt::format("'{}' reports version '{}'; Helm 3 or Helm 4 is required", binary_, text),
                "install Helm 3.8+ or Helm 4, or point --helm at it");
  }
  version_ = HelmVersion{text[1] - '0', text};
  return version_;
}

exec::Command HelmClient::upgrade_install_command(const UpgradeRequest& request) const {
  auto chart = chart_reference(request.chart, major());
  std::vector<std::string> words = {"upgrade", "--install", request.release};
  append(words, chart.words);
  words.insert(words.end(), {"--namespace", request.namespace_name});
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
  words.insert(words.end(), {"--timeout", fmt::format("{}s", request.timeout_seconds)});
  // The release as helm recorded it (revision, status, chart, apply method),
  // so that no `helm history` needs to follow.
  words.insert(words.end(), {"--output", "json"});
  auto command = base(std::move(words));
  command.timeout = change_timeout(request.timeout_seconds);
  return command;
}

Result<std::optional<ReleaseInfo>> HelmClient::status_only(const std::string& release, const std::string& ns) {
  auto result = run(base({"status", release, "--namespace", ns, "--output", "json"}));
  if (!result) return tl::unexpected(result.error());
  if (!result->ok()) {
    if (is_release_not_found(result->err)) return std::optional<ReleaseInfo>{};
    return tool_failure("helm status", *result);
  }
  auto info = parse_release_status(result->out);
  if (!info) return tl::unexpected(info.error());
  return std::optional<ReleaseInfo>{std::move(*info)};
}

Result<std::optional<ReleaseInfo>> HelmClient::latest_revision(const std::string& release, const std::string& ns) {
  auto result = run(base({"history", release, "--namespace", ns, "--max", "1", "--output", "json"}));
  if (!result) return tl::unexpected(result.error());
  if (!result->ok()) {
    if (is_release_not_found(result->err)) return std::optional<ReleaseInfo>{};
    return tool_failure("helm history", *result);
  }
  auto entries = parse_history(result->out);
  if (!entries) return tl::unexpected(entries.error());
  if (entries->empty()) return std::optional<ReleaseInfo>{};
  const HistoryEntry& newest = entries->back();
  ReleaseInfo info;
  info.name = release;
  info.namespace_name = ns;
  info.status = newest.status;
  info.revision = newest.revision;
  split_chart_label(newest.chart, info.chart_name, info.chart_version);
  info.app_version = newest.app_version;
  info.last_deployed = newest.updated;  // helm history's "updated" is the revision's last_deployed
  info.description = newest.description;
  return std::optional<ReleaseInfo>{std::move(info)};
}

Result<std::vector<HistoryEntry>> HelmClient::history(const std::string& release,
                                                      const std::string& ns) {
  auto result = run(base({"history", release, "--namespace", ns, "--max", "20", "--output", "json"}));
  if (!result) return tl::unexpected(result.error());
  if (!result->ok()) {
    if (is_release_not_found(result->err)) return std::vector<HistoryEntry>{};
    return tool_failure("helm history", *result);
  }
  return parse_history(result->out);
}

Result<nlohmann::json> HelmClient::user_values(const std::string& release, const std::string& ns) {
  auto result = run(base({"get", "values", release, "--namespace", ns, "--output", "json"}));
  if (!result) return tl::unexpected(result.error());
  if (!result->ok()) {
    if (is_release_not_found(result->err)) return nlohmann::json(nullptr);
    return tool_failure("helm get values", *result);
  }
  try {
    return nlohmann::json::parse(result->out);
  } catch (const std::exception& e) {
    return fail(ExitCode::failed, std::string("cannot read the JSON of `helm get values`: ") + e.what());
  }
}

exec::Command HelmClient::show_command(const std::string& what, const spec::Chart& chart) const {
  // Not major(): `helm show` may run side by side with detect_version(), and
  // a chart is named the same way on both majors.
  auto ref = chart_reference(chart, 0);
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
  auto result = run(command);
  if (!result) return tl::unexpected(result.error());
  if (!result->ok()) return tool_failure("helm show crds", *result);
  // Asked for only with createCrds: an empty answer would make `up` apply no
  // CRDs at all and say nothing.
  if (result->out.find_first_not_of(" \t\r\n-") == std::string::npos) {
    return fail(ExitCode::failed,
                fmt::format("`{}` printed no CRDs, but the manifest asks for them (createCrds: true)",
                            command.display()),
                "check chart.name and chart.version (the chart must ship its CRDs in crds/), or set "
                "createCrds: false and install the CRDs yourself");
  }
  return result->out;
}

Result<ChartMetadata> HelmClient::show_chart(const spec::Chart& chart) {
  auto result = run(show_command("chart", chart));
  if (!result) return tl::unexpected(result.error());
  if (!result->ok()) return tool_failure("helm show chart", *result);
  return parse_chart_metadata(result->out);
}

exec::Command HelmClient::uninstall_command(const std::string& release, const std::string& ns,
                                            int timeout_seconds) const {
  auto command = base({"uninstall", release, "--namespace", ns, "--wait", "--timeout",
                       fmt::format("{}s", timeout_seconds)});
  command.timeout = change_timeout(timeout_seconds);
  return command;
}

exec::Command HelmClient::rollback_command(const std::string& release, const std::string& ns,
                                           int revision, int timeout_seconds) const {
  std::vector<std::string> words = {"rollback", release, std::to_string(revision), "--namespace", ns,
                                    "--wait", "--timeout", fmt::format("{}s", timeout_seconds)};
  auto command = base(std::move(words));
  command.timeout = change_timeout(timeout_seconds);
  return command;
}

}  // namespace altinity_deploy::tools
