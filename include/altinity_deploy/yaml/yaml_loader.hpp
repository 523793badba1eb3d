#pragma once
// Parses YAML text into yaml::Node with yaml-cpp's event parser, which (unlike
// YAML::Load) lets us see duplicate keys, quoting and every position, after a
// strict reading by libyaml that yaml-cpp's leniencies cannot get past. The
// limits below are documented in docs/hostile-input.md.
#include <cstddef>
#include <string>
#include <vector>

#include "altinity_deploy/yaml/yaml_tree.hpp"

namespace altinity_deploy::yaml {

// Collections nest at most this deep (the root collection is level 1), also
// after aliases are expanded, so that no recursion over a loaded tree goes
// deeper.
inline constexpr std::size_t kMaxDepth = 256;
// Anchors and aliases are expanded by copying. The copies of one text
// together hold at most this many nodes and bytes of scalar text: a "billion
// laughs" text cannot make us allocate much, a real manifest never comes
// near.
inline constexpr std::size_t kMaxCopiedNodes = 100'000;
inline constexpr std::size_t kMaxCopiedBytes = std::size_t{4} << 20;

struct LoadProblem {
  Mark mark;
  std::string path;     // dotted path of the offending key ("spec.values.a"); empty when unknown
  std::string message;  // e.g. "duplicate key 'name' (first defined at 3:3)"
};

struct LoadedDocument {
  Node root;                          // null when the text holds no document
  int document_count = 0;             // a manifest must hold exactly one
  std::vector<Mark> document_starts;  // where each document begins (its "---" if any)
  std::vector<LoadProblem> problems;  // duplicate keys, syntax error (then root is partial/null)
  bool syntax_error = false;
};

// Never throws: yaml-cpp's exceptions become problems. Only the first
// document is built (document_count counts them all); "<<" merge keys are
// applied as Go's yaml.v2 applies them (see merge_keys.hpp), so every
// consumer sees the tree Helm would.
LoadedDocument load(const std::string& text);

}  // namespace altinity_deploy::yaml
