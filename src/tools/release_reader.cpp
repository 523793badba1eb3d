#include "altinity_deploy/tools/release_reader.hpp"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <string_view>

#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/exec/concurrent.hpp"
#include "altinity_deploy/redact/redaction.hpp"
#include "altinity_deploy/tools/helm_release_secret.hpp"

namespace altinity_deploy::tools {

std::string why_not_in_secrets() {
  const char* reader = std::getenv("ALTINITY_DEPLOY_RELEASE_READER");
  if (reader != nullptr && std::string_view(reader) == "helm") return "ALTINITY_DEPLOY_RELEASE_READER=helm";
  const char* driver = std::getenv("HELM_DRIVER");
  const std::string_view name = driver != nullptr ? driver : "";
  if (name.empty() || name == "secret" || name == "secrets") return {};
  return "HELM_DRIVER=" + redact::excerpt(name, 40) + ": Helm keeps releases elsewhere";
}

bool release_in_secrets() { return why_not_in_secrets().empty(); }

ReleaseReader::ReleaseReader(HelmClient& helm, KubectlClient& kubectl, Want want)
    : helm_(helm), kubectl_(kubectl), want_(want) {}

std::vector<std::function<void()>> ReleaseReader::helm_calls() {
  std::vector<std::function<void()>> calls;
  calls.emplace_back([this] { release_ = helm_.latest_revision(); });
  // `helm status`: the values and the stored manifest (drift) in one call.
  if (want_ == Want::revision_and_record) calls.emplace_back([this] { stored_ = helm_.status_record(); });
  return calls;
}

std::vector<std::function<void()>> ReleaseReader::calls() {
  const std::string why = why_not_in_secrets();
  from_secrets_ = why.empty();
  if (!from_secrets_) {
    log::debug("release '{}': not read from its Secrets ({}); asking helm", helm_.release().name, why);
    return helm_calls();
  }
  // One kubectl call: status, chart, values and the stored manifest.
  std::vector<std::function<void()>> calls;
  calls.emplace_back([this] { secrets_ = kubectl_.release_records(); });
  return calls;
}

void ReleaseReader::finish() {
  if (!from_secrets_) return;
  const ReleaseRef& ref = helm_.release();
  const std::string why = [&]() -> std::string {
    if (!secrets_) return secrets_.error().message;
    auto newest = newest_stored_release(*secrets_, ref.name, ref.namespace_name);
    if (!newest) return newest.error().message;
    if (!*newest) {
      release_ = std::optional<ReleaseInfo>();
      stored_ = std::optional<StatusRecord>();
      return {};
    }
    StoredRelease& found = **newest;
    stored_ = std::optional<StatusRecord>(StatusRecord{found.user_values, std::move(found.manifest),
                                                       found.info.apply_method});
    release_ = std::optional<ReleaseInfo>(std::move(found.info));
    return {};
  }();
  if (why.empty()) {
    log::debug("release '{}': read from its Secrets (Helm's secret storage driver)", ref.name);
    return;
  }
  // On one line: a tool's error holds its stderr's lines.
  std::string reason = redact::safe_message(why);
  std::replace(reason.begin(), reason.end(), '\n', ' ');
  log::debug("release '{}': not read from its Secrets ({}); asking helm", ref.name, reason);
  exec::run_concurrently(helm_calls());
}

}  // namespace altinity_deploy::tools
