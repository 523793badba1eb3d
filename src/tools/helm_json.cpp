// Parsing of helm's JSON output. Field names are those of Helm 3 and Helm 4
// alike (see README.md, "Helm 3 and Helm 4"); unknown fields are ignored.
#include <nlohmann/json.hpp>

#include "altinity_deploy/tools/helm_client.hpp"
#include "altinity_deploy/tools/tool_error.hpp"
#include "altinity_deploy/yaml/yaml_loader.hpp"

namespace altinity_deploy::tools {
namespace {

using nlohmann::json;

std::string string_at(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

// `helm list` prints revisions as strings, `helm history` as numbers.
int int_at(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end()) return 0;
  if (it->is_number_integer()) return it->get<int>();
  if (it->is_string()) {
    try {
      return std::stoi(it->get<std::string>());
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
  try {
    const json doc = json::parse(text);
    ReleaseInfo info;
    info.name = string_at(doc, "name");
    info.namespace_name = string_at(doc, "namespace");
    info.revision = int_at(doc, "version");
    info.apply_method = string_at(doc, "apply_method");
    if (auto it = doc.find("info"); it != doc.end() && it->is_object()) {
      info.status = string_at(*it, "status");
      info.first_deployed = string_at(*it, "first_deployed");
      info.last_deployed = string_at(*it, "last_deployed");
      info.description = string_at(*it, "description");
    }
    // `helm upgrade -o json` includes the chart (`helm status` does not).
    if (doc.contains("chart") && doc["chart"].is_object() && doc["chart"].contains("metadata") &&
        doc["chart"]["metadata"].is_object()) {
      const json& metadata = doc["chart"]["metadata"];
      info.chart_name = string_at(metadata, "name");
      info.chart_version = string_at(metadata, "version");
      info.app_version = string_at(metadata, "appVersion");
    }
    return info;
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
      HistoryEntry entry;
      entry.revision = int_at(item, "revision");
      entry.status = string_at(item, "status");
      entry.chart = string_at(item, "chart");
      entry.app_version = string_at(item, "app_version");
      entry.updated = string_at(item, "updated");
      entry.description = string_at(item, "description");
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
      ReleaseInfo info;
      info.name = string_at(item, "name");
      info.namespace_name = string_at(item, "namespace");
      info.revision = int_at(item, "revision");
      info.status = string_at(item, "status");
      split_chart_label(string_at(item, "chart"), info.chart_name, info.chart_version);
      info.app_version = string_at(item, "app_version");
      info.last_deployed = string_at(item, "updated");
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
