#pragma once
// The helm client: runs each helm verb the deployer uses (Helm 3 and Helm 4
// differ, see README.md, "Helm 3 and Helm 4") and parses helm's JSON output. It
// never decides what to do; actions/ does, and never holds argv or a runner.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/exec/command_runner.hpp"
#include "altinity_deploy/exec/runners.hpp"
#include "altinity_deploy/spec/operator_spec.hpp"
#include "altinity_deploy/tools/kube_access.hpp"
#include "altinity_deploy/tools/read_cache.hpp"

namespace altinity_deploy::tools {

struct HelmVersion {
  int major = 0;
  std::string text;  // "v3.17.3"
};

// `helm status -o json`, the fields the deployer uses.
struct ReleaseInfo {
  std::string name;
  std::string namespace_name;
  std::string status;  // deployed, failed, pending-install, ...
  int revision = 0;
  std::string chart_name;
  std::string chart_version;
  std::string app_version;
  std::string first_deployed;
  std::string last_deployed;
  std::string description;
  std::string apply_method;  // Helm 4: "ssa" or "csa"; empty on Helm 3

  bool is_pending() const { return status.rfind("pending-", 0) == 0; }
};

struct HistoryEntry {
  int revision = 0;
  std::string status;
  std::string chart;  // "name-version"
  std::string app_version;
  std::string updated;
  std::string description;
};

// What Helm stored for a release's newest revision, from one `helm status -o
// json`: the user-supplied values (`config`; null when none) and the
// rendered manifest (every object of the release but the CRDs and hooks).
// Holds the Secrets' data: never print the manifest.
struct ReleaseContents {
  nlohmann::json values = nullptr;
  std::string manifest;
  std::string apply_method;  // Helm 4: "ssa" or "csa"
};

// A chart's own Chart.yaml, the fields the deployer uses.
struct ChartMetadata {
  std::string name;
  std::string version;
  std::string app_version;
};

// Server-side vs client-side apply (Helm 4 only; Helm 3 is always client-side).
enum class ApplyMethod { client_side, server_side };

struct UpgradeRequest {
  spec::Chart chart;
  std::string values_file;
  int timeout_seconds = 300;
  bool atomic = true;
  bool cleanup_on_fail = true;
  bool skip_crds = false;
  bool force = false;  // recreate resources (Helm 3 --force, Helm 4 --force-replace)
  ApplyMethod apply_method = ApplyMethod::client_side;
};

// `helm template`'s inputs (render --manifests): the chart and values file
// `up` would pass, and the Kubernetes version to render for (empty: helm's
// built-in default).
struct TemplateRequest {
  spec::Chart chart;
  std::string values_file;
  std::string kube_version;
};

// What `helm upgrade --install` ended with when it did not fail outright.
struct UpgradeOutcome {
  // The release as helm printed it (-o json); nullopt when unreadable, or
  // when the change was only recorded (dry run).
  std::optional<ReleaseInfo> printed;
  // Its stored manifest, from the same answer ("" when not printed).
  std::string printed_manifest;
  // Set when the watcher stopped helm; `result` then holds helm's last words.
  std::string stopped_because;
  // A dry run recorded the upgrade instead of running it.
  bool dry_run = false;
  exec::CommandResult result;
};

// How a chart is named on helm's command line: `--repo URL NAME`, `oci://.../NAME`
// or a local path, plus the flags that go with it.
struct ChartReference {
  std::vector<std::string> words;  // chart positional (and --repo URL)
  std::vector<std::string> flags;  // --version, --plain-http
};
ChartReference chart_reference(const spec::Chart& chart);

// helmexec's shape: one method per helm operation, which builds the argv,
// runs it and returns a typed result. Bound to one release, so callers never
// name it again. Reads go through `runners.reads`, changes (upgrade,
// rollback, uninstall) through `runners.changes` (a DryRunRunner there
// records them instead).
class HelmClient {
 public:
  HelmClient(exec::Runners runners, std::string binary, KubeAccess access, ReleaseRef release = {});

  // `helm version --template {{.Version}}`; remembers the major.
  Result<HelmVersion> detect_version();
  int major() const { return version_.major; }
  // The same client with its changes going to `changes` (a dry run records them there).
  HelmClient with_change_runner(exec::CommandRunner& changes) const;
  // Takes the version as given instead of asking helm (render --helm-major, tests).
  void assume_version(HelmVersion version) { version_ = std::move(version); }
  const ReleaseRef& release() const { return release_; }
  // Answers that cannot change (`helm version` of this very binary, `helm
  // show crds`/`helm show chart` of a pinned or local chart) come from
  // `cache` when it holds them, starting no process; fresh ones are kept
  // there. Off unless set (render and the unit tests never use it).
  void use_read_cache(ReadCache cache) { cache_ = std::move(cache); }

  // `helm status` alone: no chart name/version, no app version. For what
  // only it tells, e.g. Helm 4's apply_method. nullopt: no such release.
  Result<std::optional<ReleaseInfo>> status();
  // The newest revision from one `helm history --max 1` call: status,
  // revision, chart, app version, last deployed; no apply_method and no
  // first_deployed. nullopt when the release does not exist.
  Result<std::optional<ReleaseInfo>> latest_revision();
  // `helm list --all-namespaces --deployed --failed --pending -o json`:
  // every release that may run something, in all namespaces.
  Result<std::vector<ReleaseInfo>> list_releases_everywhere();
  // The newest 20 revisions; empty when the release does not exist.
  Result<std::vector<HistoryEntry>> history();
  // `helm get values -o json`: the user-supplied values of the current
  // revision; null when there are none or the release does not exist.
  Result<nlohmann::json> get_values();
  // `helm status -o json` read for the values and manifest (see
  // ReleaseContents); nullopt when the release does not exist. Defined in
  // release_contents.cpp. One call instead of `helm get values` plus `helm get
  // manifest`.
  Result<std::optional<ReleaseContents>> release_contents();
  // CRD documents of the chart (`helm show crds`), as multi-document YAML;
  // an error when it prints none (only createCrds asks for them).
  Result<std::string> show_crds(const spec::Chart& chart);
  // `helm show chart`: the chart's Chart.yaml (name, version).
  Result<ChartMetadata> show_chart(const spec::Chart& chart);
  // `helm template`: the release's objects as `helm upgrade --install` would
  // create them (no CRDs, no test hooks), as multi-document YAML. Needs no
  // cluster. Holds the Secrets' data: mask before printing.
  Result<std::string> template_release(const TemplateRequest& request);

  // `helm upgrade --install ... -o json`, with `watcher` called every `every`
  // while helm waits. An Error when helm failed (not when the watcher stopped it).
  Result<UpgradeOutcome> upgrade_install(const UpgradeRequest& request, const exec::Watcher& watcher,
                                         std::chrono::milliseconds every);
  // `helm uninstall --wait`; a release that is already gone is success.
  Status uninstall(int timeout_seconds);
  // `helm rollback REVISION --wait`.
  Status rollback(int revision, int timeout_seconds);

  // The argv the methods above run, public for the argv unit tests.
  exec::Command upgrade_install_command(const UpgradeRequest& request) const;
  exec::Command uninstall_command(int timeout_seconds) const;
  exec::Command rollback_command(int revision, int timeout_seconds) const;
  exec::Command template_command(const TemplateRequest& request) const;

 private:
  exec::Command base(std::vector<std::string> words) const;
  // `helm show <what> <chart>`: reads the chart, needs no cluster.
  exec::Command show_command(const std::string& what, const spec::Chart& chart) const;
  Result<exec::CommandResult> read(const exec::Command& command);
  // `helm status RELEASE --namespace NS --output json` (the one place of its argv, read by
  // status() and release_contents()): its stdout; nullopt: the release is not installed.
  Result<std::optional<std::string>> status_json();
  // The cache key of `command`'s answer: the helm binary's identity, the
  // argv and `chart_identity` (for show), hashed; nullopt: not cacheable.
  std::optional<std::string> cache_key(const exec::Command& command,
                                       const std::optional<std::string>& chart_identity) const;
  // cache_key of a `helm show` of `chart`; nullopt unless the chart has a
  // chart_cache_identity (pinned version or local content).
  std::optional<std::string> show_cache_key(const exec::Command& command, const spec::Chart& chart) const;
  // `command`'s stdout from the cache (key set and an intact entry), else
  // from running it; `fresh` says whether it ran.
  Result<exec::CommandResult> cached_read(const exec::Command& command, const std::optional<std::string>& key,
                                          bool& fresh);
  Result<exec::CommandResult> change(const exec::Command& command);

  exec::Runners runners_;
  std::string binary_;
  KubeAccess access_;
  ReleaseRef release_;
  HelmVersion version_;
  ReadCache cache_;
};

// Parsers, public for unit tests. parse_release_status reads `helm status
// -o json` and `helm upgrade -o json` (which adds the chart's metadata).
Result<ReleaseInfo> parse_release_status(const std::string& json);
// The same, with the release's stored manifest (`helm upgrade -o json` prints it).
struct PrintedRelease {
  ReleaseInfo info;
  std::string manifest;
};
Result<PrintedRelease> parse_printed_release(const std::string& json);
Result<std::vector<HistoryEntry>> parse_history(const std::string& json);
// `helm list -o json`: name, namespace, revision, status, chart (split from NAME-VERSION), app version.
Result<std::vector<ReleaseInfo>> parse_release_list(const std::string& json);
Result<ChartMetadata> parse_chart_metadata(const std::string& chart_yaml);
Result<ReleaseContents> parse_release_contents(const std::string& status_json);
bool is_release_not_found(const std::string& helm_stderr);

}  // namespace altinity_deploy::tools
