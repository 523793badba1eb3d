// read_snapshot's release part: Helm's Secrets (every current record in all
// namespaces holds ours too; refused: its namespace's Secrets), or helm.
#include <algorithm>

#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/exec/concurrent.hpp"
#include "altinity_deploy/redact/redaction.hpp"
#include "altinity_deploy/tools/cluster_releases.hpp"
#include "altinity_deploy/tools/release_reader.hpp"
#include "read_snapshot_parts.hpp"

namespace altinity_deploy::actions {
namespace {

using Release = snapshot::SnapshotRequest::Release;

// On one line: a tool's error holds its stderr's lines.
std::string one_line(const std::string& why) {
  std::string reason = redact::safe_message(why);
  std::replace(reason.begin(), reason.end(), '\n', ' ');
  return reason;
}

// Whether the newest of the release's current records (by the `version`
// label Helm puts on each Secret) is `deployed`. Only then does the
// all-namespaces read (status!=superseded) surely hold the newest revision:
// a first install has none, and a record deleted by hand can leave a
// superseded revision the newest, which that read leaves out.
bool newest_is_deployed(const std::vector<nlohmann::json>& records) {
  long newest = -1;
  std::string status;
  for (const auto& secret : records) {
    const std::string version = secret.value("/metadata/labels/version"_json_pointer, std::string{});
    long number = -1;
    try {
      number = std::stol(version);
    } catch (const std::exception&) {
      continue;
    }
    if (number > newest) {
      newest = number;
      status = secret.value("/metadata/labels/status"_json_pointer, std::string{});
    }
  }
  return status == "deployed";
}

}  // namespace

ReleaseRead::ReleaseRead(Connection& connection, Release want, bool other_releases)
    : connection_(connection), want_(want), other_releases_(other_releases), from_secrets_(tools::release_in_secrets()) {
  if (!from_secrets_ && want_ != Release::none) {
    log::debug("release '{}': not read from its Secrets ({}); asking helm", connection_.helm.release().name,
               tools::why_not_in_secrets());
  }
}

void ReleaseRead::add_calls(Batch& batch) {
  auto& helm = connection_.helm;
  auto& kubectl = connection_.kubectl;
  if (other_releases_) {
    if (from_secrets_) {
      batch.emplace_back([this, &kubectl] { everywhere_ = kubectl.current_release_records_everywhere(); });
    } else {
      batch.emplace_back([this, &helm] { listed_ = helm.list_releases_everywhere(); });
    }
  }
  if (want_ == Release::none) return;
  if (!from_secrets_) {
    ask_helm_calls(batch);
    return;
  }
  // Ours comes with every release's: one call serves both.
  if (!other_releases_) batch.emplace_back([this, &kubectl] { secrets_ = kubectl.release_records(); });
}

void ReleaseRead::ask_helm_calls(Batch& batch) {
  auto& helm = connection_.helm;
  batch.emplace_back([this, &helm] { release_ = helm.latest_revision(); });
  // `helm status`: the values and the stored manifest (drift) in one call.
  if (want_ == Release::revision_and_record) batch.emplace_back([this, &helm] { record_ = helm.release_contents(); });
}

bool ReleaseRead::failed() const {
  if (want_ == Release::none) return false;
  if (!from_secrets_) return !release_ || !record_;
  return !other_releases_ && !secrets_;
}

Status ReleaseRead::finish(snapshot::ClusterSnapshot& snapshot) {
  const tools::ReleaseRef& ref = connection_.helm.release();
  if (other_releases_) {
    if (!from_secrets_) {
      snapshot.other_releases = std::move(listed_);
    } else if (everywhere_) {
      snapshot.other_releases = tools::current_releases(*everywhere_);
      secrets_ = tools::secrets_of_release(*everywhere_, ref);
      if (want_ != Release::none && !newest_is_deployed(*secrets_)) {
        log::debug("release '{}': no deployed record among the current ones; reading every revision in its namespace",
                   ref.name);
        secrets_ = connection_.kubectl.release_records();
      }
    } else {
      snapshot.other_releases = tl::unexpected(everywhere_.error());
      if (want_ != Release::none) {
        log::debug("release '{}': the Secrets of all namespaces could not be read ({}); reading its namespace's",
                   ref.name, one_line(everywhere_.error().message));
        secrets_ = connection_.kubectl.release_records();
      }
    }
  }
  if (want_ == Release::none) return {};
  if (from_secrets_) {
    const std::string why = [&]() -> std::string {
      if (!secrets_) return secrets_.error().message;
      auto found = tools::release_from_secrets(*secrets_, ref);
      if (!found) return found.error().message;
      release_ = std::move(found->release);
      record_ = std::move(found->record);
      return {};
    }();
    if (why.empty()) {
      log::debug("release '{}': read from its Secrets (Helm's secret storage driver)", ref.name);
    } else {
      log::debug("release '{}': not read from its Secrets ({}); asking helm", ref.name, one_line(why));
      Batch calls;
      ask_helm_calls(calls);
      exec::run_concurrently(std::move(calls));
    }
  }
  if (!release_) return tl::unexpected(release_.error());
  if (!record_) return tl::unexpected(record_.error());
  snapshot.release = std::move(*release_);
  if (snapshot.release) snapshot.record = std::move(*record_);
  return {};
}

}  // namespace altinity_deploy::actions
