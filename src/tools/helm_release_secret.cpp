#include "altinity_deploy/tools/helm_release_secret.hpp"

#include <charconv>
#include <stdexcept>
#include <set>
#include <string_view>

#include <fmt/format.h>

#include "altinity_deploy/core/encoding.hpp"

namespace altinity_deploy::tools {
namespace {

using nlohmann::json;

constexpr std::string_view kSecretType = "helm.sh/release.v1";

tl::unexpected<Error> not_a_release(const std::string& what) {
  return fail(ExitCode::failed, "not a Helm release record: " + what);
}

const json* member(const json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

std::string string_member(const json& object, const char* key) {
  const json* value = member(object, key);
  return value != nullptr && value->is_string() ? value->get<std::string>() : std::string();
}

std::string label(const json& secret, const char* key) {
  const json* metadata = member(secret, "metadata");
  const json* labels = metadata != nullptr ? member(*metadata, "labels") : nullptr;
  return labels != nullptr ? string_member(*labels, key) : std::string();
}

std::optional<int> revision_label(const json& secret) {
  const std::string text = label(secret, "version");
  int revision = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), revision);
  if (ec != std::errc() || end != text.data() + text.size() || revision <= 0) return std::nullopt;
  return revision;
}

// Deeper than this, a record is not Helm's: values nest a few levels, and
// nlohmann::json copies and compares its trees recursively, so a crafted
// Secret nested 100,000 levels deep (600 KB of JSON, a few KB gzipped)
// would overflow the stack instead of falling back to helm.
constexpr int kMaxRecordDepth = 128;

// The chart's templates, files, default values and schema make up most of a
// record and are never read here: dropped while parsing.
json parse_record(const std::string& text) {
  std::string top_key;
  const json::parser_callback_t keep = [&top_key](int depth, json::parse_event_t event, json& parsed) {
    if ((event == json::parse_event_t::object_start || event == json::parse_event_t::array_start) &&
        depth >= kMaxRecordDepth) {
      throw std::runtime_error(fmt::format("it nests more than {} levels deep", kMaxRecordDepth));
    }
    if (event != json::parse_event_t::key) return true;
    if (depth == 1) top_key = parsed.get<std::string>();
    if (depth != 2 || top_key != "chart") return true;
    const std::string& key = parsed.get_ref<const std::string&>();
    return key != "templates" && key != "files" && key != "values" && key != "schema";
  };
  return json::parse(text, keep);
}

Result<StoredRelease> read_record(json record, const std::string& release, const std::string& ns,
                                  int revision) {
  if (!record.is_object()) return not_a_release("the record is not a JSON object");
  StoredRelease stored;
  ReleaseInfo& info = stored.info;
  info.name = string_member(record, "name");
  info.namespace_name = string_member(record, "namespace");
  const json* version = member(record, "version");
  info.revision = version != nullptr && version->is_number_integer() ? version->get<int>() : 0;
  if (info.name != release || info.namespace_name != ns || info.revision != revision) {
    return not_a_release(fmt::format("its name, namespace or version ({}, {}, {}) is not the Secret's",
                                     info.name, info.namespace_name, info.revision));
  }
  const json* status = member(record, "info");
  if (status == nullptr || !status->is_object()) return not_a_release("no `info`");
  info.status = string_member(*status, "status");
  info.first_deployed = string_member(*status, "first_deployed");
  info.last_deployed = string_member(*status, "last_deployed");
  info.description = string_member(*status, "description");
  const json* chart = member(record, "chart");
  const json* metadata = chart != nullptr ? member(*chart, "metadata") : nullptr;
  if (info.status.empty() || metadata == nullptr) return not_a_release("no status or no chart metadata");
  info.chart_name = string_member(*metadata, "name");
  info.chart_version = string_member(*metadata, "version");
  info.app_version = string_member(*metadata, "appVersion");
  info.apply_method = string_member(record, "apply_method");
  // `helm get values` prints null for a release installed without values.
  json* config = record.contains("config") ? &record["config"] : nullptr;
  if (config != nullptr && config->is_object() && !config->empty()) stored.user_values = std::move(*config);
  stored.manifest = string_member(record, "manifest");
  return stored;
}

}  // namespace

std::string release_secret_selector(const std::string& release) { return "owner=helm,name=" + release; }

Result<StoredRelease> decode_release_secret(const json& secret, const std::string& release, const std::string& ns) {
  if (string_member(secret, "type") != kSecretType) return not_a_release("the Secret's type is not helm.sh/release.v1");
  const auto revision = revision_label(secret);
  if (!revision || label(secret, "owner") != "helm" || label(secret, "name") != release) {
    return not_a_release("its labels are not owner=helm, name=" + release + ", version=<revision>");
  }
  const json* data = member(secret, "data");
  const std::string field = data != nullptr ? string_member(*data, "release") : std::string();
  // The API's base64 of the bytes Helm stored, which are base64 themselves.
  const auto stored = core::base64_decode(field);
  const auto packed = stored ? core::base64_decode(*stored) : std::nullopt;
  if (!packed) return not_a_release("`data.release` is not base64 of base64");
  std::string text = *packed;
  if (core::has_gzip_magic(text)) {
    auto inflated = core::gunzip(text, kMaxReleaseJsonBytes);
    if (!inflated) return not_a_release(inflated.error().message);
    text = std::move(*inflated);
  }
  if (text.size() > kMaxReleaseJsonBytes) return not_a_release("larger than any release record");
  try {
    return read_record(parse_record(text), release, ns, *revision);
  } catch (const std::exception& e) {
    return not_a_release(std::string("its JSON does not parse: ") + e.what());
  }
}

Result<std::optional<StoredRelease>> newest_stored_release(const std::vector<json>& secrets,
                                                           const std::string& release, const std::string& ns) {
  const json* newest = nullptr;
  int newest_revision = 0;
  std::set<int> seen;
  for (const json& secret : secrets) {
    const auto revision = revision_label(secret);
    if (!revision) return not_a_release("a Secret labelled owner=helm, name=" + release + " has no revision label");
    if (!seen.insert(*revision).second) return not_a_release(fmt::format("two Secrets claim revision {}", *revision));
    if (*revision > newest_revision) {
      newest_revision = *revision;
      newest = &secret;
    }
  }
  if (newest == nullptr) return std::optional<StoredRelease>();
  auto decoded = decode_release_secret(*newest, release, ns);
  if (!decoded) return tl::unexpected(decoded.error());
  return std::optional<StoredRelease>(std::move(*decoded));
}

}  // namespace altinity_deploy::tools
