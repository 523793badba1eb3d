#pragma once
// Parses YAML text into yaml::Node with yaml-cpp's event parser, which (unlike
// YAML::Load) lets us see duplicate keys, quoting and every position.
#include <string>
#include <vector>

#include "altinity_deploy/yaml/yaml_tree.hpp"

namespace altinity_deploy::yaml {

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

// Never throws: yaml-cpp's exceptions become problems.
LoadedDocument load(const std::string& text);

}  // namespace altinity_deploy::yaml
