#pragma once
// The helm adapter: builds argv for each helm verb (Helm 3 and Helm 4 differ,
// see README.md, "Helm 3 and Helm 4") and parses helm's JSON output. It never decides
// what to do; actions/ does.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "altinity_deploy/core/error.hpp"
#include "altinity_deploy/exec/command_runner.hpp"
#include "altinity_deploy/spec/operator_spec.hpp"
#include "altinity_deploy/tools/kube_access.hpp"

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
struct StatusRecord {
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
  std::string release;
  std::string namespace_name;
  spec::Chart chart;
  std::string values_file;
  int timeout_seconds = 300;
  bool atomic = true;
  bool cleanup_on_fail = true;
  bool skip_crds = false;
  bool force = false;  // recreate resources (Helm 3 --force, Helm 4 --force-replace)
  ApplyMethod apply_method = ApplyMethod::client_side;
};

// How a chart is named on helm's command line: `--repo URL NAME`, `oci://.../NAME`
// or a local path, plus the flags that go with it.
struct ChartReference {
  std::vector<std::string> words;  // chart positional (and --repo URL)
  std::vector<std::string> flags;  // --version, --plain-http
};
ChartReference chart_reference(const spec::Chart& chart, int helm_major);

class HelmClient {
 public:
  HelmClient(exec::CommandRunner& runner, std::string binary, KubeAccess access);

  const std::string& binary() const { return binary_; }
  // `helm version --template {{.Version}}`; remembers the major.
  Result<HelmVersion> detect_version();
  int major() const { return version_.major; }
  const HelmVersion& version() const { return version_; }
  // Takes the version as given instead of asking helm (render --helm-major, tests).
  void assume_version(HelmVersion version) { version_ = std::move(version); }

  exec::Command upgrade_install_command(const UpgradeRequest& request) const;

  // `helm status` alone: no chart name/version, no app version. For what
  // only it tells, e.g. Helm 4's apply_method.
  Result<std::optional<ReleaseInfo>> status_only(const std::string& release, const std::string& ns);
  // The newest revision from one `helm history --max 1` call: status,
  // revision, chart, app version, last deployed; no apply_method and no
  // first_deployed. nullopt when the release does not exist.
  Result<std::optional<ReleaseInfo>> latest_revision(const std::string& release, const std::string& ns);
  Result<std::vector<HistoryEntry>> history(const std::string& release, const std::string& ns);
  // `helm get values -o json`: the user-supplied values of the current
  // revision; null when there are none or the release does not exist.
  Result<nlohmann::json> user_values(const std::string& release, const std::string& ns);
  // `helm status -o json` read for the values and manifest (see
  // StatusRecord); nullopt when the release does not exist. Defined in
  // helm_manifest.cpp. One call instead of `helm get values` plus `helm get
  // manifest`.
  Result<std::optional<StatusRecord>> status_record(const std::string& release, const std::string& ns);
  // CRD documents of the chart (`helm show crds`), as multi-document YAML;
  // an error when it prints none (only createCrds asks for them).
  Result<std::string> show_crds(const spec::Chart& chart);
  // `helm show chart`: the chart's Chart.yaml (name, version).
  Result<ChartMetadata> show_chart(const spec::Chart& chart);

  exec::Command uninstall_command(const std::string& release, const std::string& ns,
                                  int timeout_seconds) const;
  exec::Command rollback_command(const std::string& release, const std::string& ns, int revision,
                                 int timeout_seconds) const;

  exec::CommandRunner& runner() { return runner_; }

 private:
  exec::Command base(std::vector<std::string> words) const;
  // `helm show <what> <chart>`: reads the chart, needs no cluster.
  exec::Command show_command(const std::string& what, const spec::Chart& chart) const;
  Result<exec::CommandResult> run(const exec::Command& command);

  exec::CommandRunner& runner_;
  std::string binary_;
  KubeAccess access_;
  HelmVersion version_;
};

// Parsers, public for unit tests. parse_release_status reads `helm status
// -o json` and `helm upgrade -o json` (which adds the chart's metadata).
Result<ReleaseInfo> parse_release_status(const std::string& json);
Result<std::vector<HistoryEntry>> parse_history(const std::string& json);
Result<ChartMetadata> parse_chart_metadata(const std::string& chart_yaml);
Result<StatusRecord> parse_status_record(const std::string& status_json);
bool is_release_not_found(const std::string& helm_stderr);

}  // namespace altinity_deploy::tools
