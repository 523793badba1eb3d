#include "merge_keys.hpp"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "altinity_deploy/yaml/yaml_path.hpp"

namespace altinity_deploy::yaml::detail {
namespace {

const char* kind_name(const Node& node) {
  switch (node.kind()) {
    case Node::Kind::null: return "null";
    case Node::Kind::scalar: return "a scalar";
    case Node::Kind::sequence: return "a sequence";
    case Node::Kind::mapping: return "a mapping";
  }
  return "a node";
}

// The mapping under construction: later writes to a key replace its value
// (and its key, so that messages point at the last writer) in place.
class MergedEntries {
 public:
  void set(Node key, Node value) {
    if (key.is_scalar()) {
      auto [it, inserted] = index_.try_emplace(key.text(), entries_.size());
      if (!inserted) {
        entries_[it->second] = Node::Entry{std::move(key), std::move(value)};
        return;
      }
    }
    entries_.emplace_back(std::move(key), std::move(value));
  }

  std::vector<Node::Entry> take() { return std::move(entries_); }

 private:
  std::vector<Node::Entry> entries_;
  std::unordered_map<std::string, std::size_t> index_;
};

void merge_mapping(Node source, MergedEntries& into) {
  for (auto& [key, value] : source.take_entries()) into.set(std::move(key), std::move(value));
}

void report_not_a_mapping(const Node& value, const std::string& path, std::vector<LoadProblem>& problems) {
  problems.push_back(LoadProblem{
      value.mark(), path,
      fmt::format("the merge key '<<' takes a mapping, an alias to a mapping or a list of them; got {}",
                  kind_name(value))});
}

}  // namespace

bool is_merge_key(const Node& key) {
  return key.is_scalar() && key.style() == Node::Style::plain && key.text() == "<<";
}

void apply_merge_keys(Node& mapping, const std::string& path, std::vector<LoadProblem>& problems) {
  const auto& entries = mapping.entries();
  if (std::none_of(entries.begin(), entries.end(), [](const Node::Entry& e) { return is_merge_key(e.first); })) {
    return;
  }
  const std::string merge_path = child_path(path, "<<");
  MergedEntries merged;
  for (auto& [key, value] : mapping.take_entries()) {
    if (!is_merge_key(key)) {
      merged.set(std::move(key), std::move(value));
    } else if (value.is_mapping()) {
      merge_mapping(std::move(value), merged);
    } else if (value.is_sequence()) {
      std::vector<Node> sources = value.take_items();
      // Earlier mappings take precedence, so they are applied last.
      const bool all_mappings = std::all_of(sources.begin(), sources.end(), [](const Node& n) { return n.is_mapping(); });
      if (!all_mappings) {
        for (const Node& source : sources) {
          if (!source.is_mapping()) report_not_a_mapping(source, merge_path, problems);
        }
        continue;
      }
      for (auto it = sources.rbegin(); it != sources.rend(); ++it) merge_mapping(std::move(*it), merged);
    } else {
      report_not_a_mapping(value, merge_path, problems);
    }
  }
  for (auto& [key, value] : merged.take()) mapping.add_entry(std::move(key), std::move(value));
}

}  // namespace altinity_deploy::yaml::detail
