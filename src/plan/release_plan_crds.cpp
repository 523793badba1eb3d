// Splitting, parsing and fingerprinting the chart's CRD documents.
#include <cctype>
#include <set>

#include <fmt/format.h>

#include "altinity_deploy/core/sha256.hpp"
#include "altinity_deploy/plan/crd_documents.hpp"
#include "altinity_deploy/yaml/yaml_loader.hpp"
#include "altinity_deploy/yaml/yaml_to_json.hpp"

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

// A key at the start of a line: one of the document's top-level keys
// ("apiVersion" of "apiVersion: v1"). Block scalars and nested nodes are
// indented, so they never look like one.
std::string top_level_key(std::string_view line) {
  if (line.empty() || !(std::isalnum(static_cast<unsigned char>(line[0])) || line[0] == '_')) return {};
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return {};
  const auto after = without_cr(line.substr(colon + 1));
  if (!after.empty() && after[0] != ' ' && after[0] != '\t') return {};
  return std::string(line.substr(0, colon));
}

// Collects the lines of one document at a time. Helm 3's `helm show crds`
// prints the chart's CRD files one after the other without a "---" between
// them (Helm 4 separates them); a top-level key seen twice therefore starts
// the next document, taking the comments right above it along.
class DocumentCollector {
 public:
  DocumentCollector(std::vector<std::string>& into, RepeatedKey repeated_key)
      : into_(into), repeated_key_(repeated_key) {}

  void add_line(std::string_view line) {
    if (repeated_key_ == RepeatedKey::stays_in_document) {
      lines_.emplace_back(line);
      return;
    }
    if (std::string key = top_level_key(line); !key.empty()) {
      if (keys_.contains(key)) {
        size_t lead = lines_.size();
        while (lead > 0 && is_filler(lines_[lead - 1])) --lead;
        std::vector<std::string> carried(lines_.begin() + static_cast<std::ptrdiff_t>(lead), lines_.end());
        lines_.resize(lead);
        finish();
        lines_ = std::move(carried);
      }
      keys_.insert(std::move(key));
    }
    lines_.emplace_back(line);
  }

  // Ends the document: blank lines around it trimmed, ending in one newline;
  // left out when it holds nothing but blanks and comments.
  void finish() {
    while (!lines_.empty() && lines_.back().find_first_not_of(" \t\r") == std::string::npos) lines_.pop_back();
    size_t first = 0;
    while (first < lines_.size() && lines_[first].find_first_not_of(" \t\r") == std::string::npos) ++first;
    bool has_content = false;
    std::string text;
    for (size_t i = first; i < lines_.size(); ++i) {
      has_content = has_content || !is_filler(lines_[i]);
      text += lines_[i];
      text += '\n';
    }
    if (has_content) into_.push_back(std::move(text));
    lines_.clear();
    keys_.clear();
  }

 private:
  std::vector<std::string>& into_;
  RepeatedKey repeated_key_;
  std::vector<std::string> lines_;
  std::set<std::string> keys_;
};

std::string string_at(const json& object, const json::json_pointer& pointer) {
  return object.contains(pointer) && object.at(pointer).is_string() ? object.at(pointer).get<std::string>()
                                                                     : std::string{};
}

}  // namespace

std::string crd_version(const json& object) {
  for (const char* label : {kCrdVersionLabel, kKeeperCrdVersionLabel}) {
    std::string version = string_at(object, json::json_pointer("/metadata/labels") / label);
    if (!version.empty()) return version;
  }
  return {};
}

std::vector<std::string> split_yaml_documents(const std::string& text, RepeatedKey repeated_key) {
  std::vector<std::string> documents;
  DocumentCollector current(documents, repeated_key);
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string_view line(text.data() + start, end - start);
    if (is_separator(line)) {
      current.finish();
      // Content after "--- " belongs to the new document; a comment there
      // is the separator's.
      const auto rest = line.substr(3).find_first_not_of(" \t\r");
      if (rest != std::string_view::npos && line[3 + rest] != '#') current.add_line(line.substr(3 + rest));
    } else if (is_document_end(line)) {
      current.finish();
    } else {
      current.add_line(line);
    }
    start = end + 1;
  }
  current.finish();
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
    crd.object = yaml::to_json(loaded.root);
    const std::string kind = string_at(crd.object, json::json_pointer("/kind"));
    crd.name = string_at(crd.object, json::json_pointer("/metadata/name"));
    if (kind != "CustomResourceDefinition" || crd.name.empty()) {
      return fail(ExitCode::failed,
                  fmt::format("the chart's CRD document {} is a {} named '{}', not a named CustomResourceDefinition",
                              i + 1, kind.empty() ? "document without kind" : kind, crd.name),
                  "check the chart's crds/ folder: helm show crds <chart>");
    }
    crd.version = crd_version(crd.object);
    // The content, not the text: comments, layout and how helm joins the
    // files (Helm 3 and 4 differ) do not change the fingerprint.
    crd.sha256 = core::sha256_hex(crd.object.dump());
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
