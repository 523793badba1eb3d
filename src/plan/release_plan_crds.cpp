// Splitting, parsing and fingerprinting the chart's CRD documents.
#include <fmt/format.h>

#include "altinity_deploy/core/sha256.hpp"
#include "altinity_deploy/plan/crd_documents.hpp"
#include "altinity_deploy/plan/values_diff.hpp"
#include "altinity_deploy/yaml/yaml_loader.hpp"

namespace altinity_deploy::plan {
namespace {

using nlohmann::json;

std::string_view without_cr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// "---" alone or followed by a blank and more ("--- # comment").
bool is_separator(std::string_view line) {
  line = without_cr(line);
  return line.starts_with("---") && (line.size() == 3 || line[3] == ' ' || line[3] == '\t');
}

bool is_document_end(std::string_view line) {
  line = without_cr(line);
  return line == "..." || line.starts_with("... ");
}

// Blank or a comment.
bool is_filler(std::string_view line) {
  const auto start = line.find_first_not_of(" \t\r");
  return start == std::string_view::npos || line[start] == '#';
}

class DocumentCollector {
 public:
  void add_line(std::string_view line) { lines_.emplace_back(line); }
  void finish(std::vector<std::string>& into) {
    while (!lines_.empty() && is_filler(lines_.back()) && lines_.back().find('#') == std::string::npos) {
      lines_.pop_back();
    }
    size_t first = 0;
    while (first < lines_.size() && lines_[first].find_first_not_of(" \t\r") == std::string::npos) ++first;
    bool has_content = false;
    std::string text;
    for (size_t i = first; i < lines_.size(); ++i) {
      has_content = has_content || !is_filler(lines_[i]);
      text += lines_[i];
      text += '\n';
    }
    if (has_content) into.push_back(std::move(text));
    lines_.clear();
  }

 private:
  std::vector<std::string> lines_;
};

std::string string_at(const json& object, const json::json_pointer& pointer) {
  return object.contains(pointer) && object.at(pointer).is_string() ? object.at(pointer).get<std::string>()
                                                                     : std::string{};
}

}  // namespace

std::vector<std::string> split_yaml_documents(const std::string& text) {
  std::vector<std::string> documents;
  DocumentCollector current;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string_view line(text.data() + start, end - start);
    if (is_separator(line)) {
      current.finish(documents);
      // Content after "--- " belongs to the new document; a comment there
      // is the separator's.
      const auto rest = line.substr(3).find_first_not_of(" \t\r");
      if (rest != std::string_view::npos && line[3 + rest] != '#') current.add_line(line.substr(3 + rest));
    } else if (is_document_end(line)) {
      current.finish(documents);
    } else {
      current.add_line(line);
    }
    start = end + 1;
  }
  current.finish(documents);
  return documents;
}

Result<std::vector<CrdDocument>> parse_crd_documents(const std::string& helm_show_crds) {
  std::vector<CrdDocument> crds;
  const auto documents = split_yaml_documents(helm_show_crds);
  for (size_t i = 0; i < documents.size(); ++i) {
    const std::string& text = documents[i];
    auto loaded = yaml::load(text);
    if (!loaded.problems.empty()) {
      const auto& problem = loaded.problems.front();
      return fail(ExitCode::failed,
                  fmt::format("the chart's CRD document {} does not parse: {}:{}: {}", i + 1, problem.mark.line,
                              problem.mark.column, problem.message));
    }
    CrdDocument crd;
    crd.object = yaml_to_json(loaded.root);
    const std::string kind = string_at(crd.object, json::json_pointer("/kind"));
    crd.name = string_at(crd.object, json::json_pointer("/metadata/name"));
    if (kind != "CustomResourceDefinition" || crd.name.empty()) {
      return fail(ExitCode::failed,
                  fmt::format("the chart's CRD document {} is a {} named '{}', not a named CustomResourceDefinition",
                              i + 1, kind.empty() ? "document without kind" : kind, crd.name),
                  "check the chart's crds/ folder: helm show crds <chart>");
    }
    json& labels = crd.object["metadata"]["labels"];
    if (labels.is_object() && labels.contains(kCrdVersionLabel) && labels[kCrdVersionLabel].is_string()) {
      crd.version = labels[kCrdVersionLabel].get<std::string>();
    } else if (labels.is_null()) {
      crd.object["metadata"].erase("labels");
    }
    crd.sha256 = core::sha256_hex(text);
    json& annotations = crd.object["metadata"]["annotations"];
    if (!annotations.is_object()) annotations = json::object();
    annotations[kCrdHashAnnotation] = crd.sha256;
    crds.push_back(std::move(crd));
  }
  return crds;
}

std::string crd_apply_document(const std::vector<CrdDocument>& crds) {
  json list = {{"apiVersion", "v1"}, {"kind", "List"}, {"items", json::array()}};
  for (const auto& crd : crds) list["items"].push_back(crd.object);
  return list.dump();
}

}  // namespace altinity_deploy::plan
