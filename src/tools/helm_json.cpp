// Parsing of helm's JSON output. Field names are those of Helm 3 and Helm 4
// alike (see README.md, "Helm 3 and Helm 4"); unknown fields are ignored.
#include <nlohmann/json.hpp>

#include "altinity_deploy/tools/helm_client.hpp"
#include "altinity_deploy/tools/tool_error.hpp"
#include "altinity_deploy/yaml/yaml_loader.hpp"
#include "json_fields.hpp"

namespace altinity_deploy::tools {
namespace {

using nlohmann::json;

// helm's JSON is read leniently, by both majors' field names: a field of
// another type reads as absent, so the JsonFields' error() is not consulted
// (helm_json_test).

// `helm list` prints revisions as strings, `helm history` as numbers:
// JsonFields reads one type per field, so the node is read here.
int revision_at(JsonFields& fields, const char* pointer) {
  const json* found = fields.node(pointer);
  if (found == nullptr) return 0;
  if (found->is_number_integer()) return found->get<int>();
  if (found->is_string()) {
    try {
      return std::stoi(found->get<std::string>());
    } catch (const std::exception&) {
      return 0;
    }
  }
  return 0;
}

tl::unexpected<Error> unreadable(const char* what, const std::exception& e) {
  return fail(ExitCode::failed, std::string("cannot read the JSON of `") + what + "`: " + e.what(),
              "run with -v to see the command; is this Helm 3 or Helm 4?");
}

}  // namespace

Result<ReleaseInfo> parse_release_status(const std::string& text) {
  return parse_printed_release(text).map([](PrintedRelease printed) { return std::move(printed.info); });
}

Result<PrintedRelease> parse_printed_release(const std::string& text) {
  try {
    const json doc = json::parse(text);
    JsonFields fields(doc, "the release");
    PrintedRelease printed;
    ReleaseInfo& info = printed.info;
    info.name = fields.string("/name");
    info.namespace_name = fields.string("/namespace");
    info.revision = revision_at(fields, "/version");
    info.apply_method = fields.string("/apply_method");
    info.status = fields.string("/info/status");
    info.first_deployed = fields.string("/info/first_deployed");
    info.last_deployed = fields.string("/info/last_deployed");
    info.description = fields.string("/info/description");
    // `helm upgrade -o json` includes the chart (`helm status` does not).
    info.chart_name = fields.string("/chart/metadata/name");
    info.chart_version = fields.string("/chart/metadata/version");
    info.app_version = fields.string("/chart/metadata/appVersion");
    printed.manifest = fields.string("/manifest");
    return printed;
  } catch (const std::exception& e) {
    return unreadable("helm status", e);
  }
}

Result<std::vector<HistoryEntry>> parse_history(const std::string& text) {
  try {
    const json doc = json::parse(text);
    std::vector<HistoryEntry> entries;
    if (!doc.is_array()) return entries;
    for (const auto& item : doc) {
      JsonFields fields(item, "a revision");
      HistoryEntry entry;
      entry.revision = revision_at(fields, "/revision");
      entry.status = fields.string("/status");
      entry.chart = fields.string("/chart");
      entry.app_version = fields.string("/app_version");
      entry.updated = fields.string("/updated");
      entry.description = fields.string("/description");
      entries.push_back(std::move(entry));
    }
    return entries;
  } catch (const std::exception& e) {
    return unreadable("helm history", e);
  }
}

Result<std::vector<ReleaseInfo>> parse_release_list(const std::string& text) {
  try {
    const json doc = json::parse(text);
    std::vector<ReleaseInfo> releases;
    if (!doc.is_array()) return releases;
    for (const auto& item : doc) {
      if (!item.is_object()) continue;
      JsonFields fields(item, "a release");
      ReleaseInfo info;
      info.name = fields.string("/name");
      info.namespace_name = fields.string("/namespace");
      info.revision = revision_at(fields, "/revision");
      info.status = fields.string("/status");
      split_chart_label(fields.string("/chart"), info.chart_name, info.chart_version);
      info.app_version = fields.string("/app_version");
      info.last_deployed = fields.string("/updated");
      releases.push_back(std::move(info));
    }
    return releases;
  } catch (const std::exception& e) {
    return unreadable("helm list", e);
  }
}

Result<ChartMetadata> parse_chart_metadata(const std::string& chart_yaml) {
  auto loaded = yaml::load(chart_yaml);
  const yaml::Node* version = loaded.root.is_mapping() ? loaded.root.find("version") : nullptr;
  if (!loaded.problems.empty() || version == nullptr || !version->is_scalar() || version->text().empty()) {
    return fail(ExitCode::failed, "`helm show chart` printed no chart version",
                "check the chart: helm show chart <chart>");
  }
  auto text_of = [&](const char* key) {
    const yaml::Node* node = loaded.root.find(key);
    return node != nullptr && node->is_scalar() ? node->text() : std::string{};
  };
  return ChartMetadata{text_of("name"), version->text(), text_of("appVersion")};
}

bool is_release_not_found(const std::string& helm_stderr) {
  return helm_stderr.find("release: not found") != std::string::npos;
}

}  // namespace altinity_deploy::tools
