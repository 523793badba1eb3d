#pragma once
// A first, strict reading of YAML text by libyaml, the C parser Go's yaml.v2
// (so Helm and kubectl) was ported from. yaml-cpp, which builds our tree, is
// lenient where libyaml is not (a double-quoted scalar left open to the end
// of the file, a last line that is a key without a colon) and can loop on
// some malformed text; libyaml is iterative and always reaches the end. Text
// this reading rejects never reaches yaml-cpp.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "altinity_deploy/yaml/yaml_loader.hpp"

namespace altinity_deploy::yaml::detail {

// One parser event of the first document, as libyaml reads it. yaml-cpp's
// events for the same document must be the same, else the two parsers read
// the text differently (a lone CR or U+2028 is a line break to libyaml, not
// to yaml-cpp) and the tree would not be what Helm reads.
struct StrictEvent {
  enum class Kind { scalar, alias, sequence_start, sequence_end, mapping_start, mapping_end };
  Kind kind;
  Mark mark;
  std::string value;    // scalars
  bool plain = false;   // scalars: written without quotes and without a tag
  std::string tag;      // scalars: the resolved tag, empty when none
};

struct StrictReading {
  int document_count = 0;
  std::vector<Mark> document_starts;
  std::vector<StrictEvent> first_document;  // its content, without document start/end
  std::optional<LoadProblem> problem;       // the first syntax error, or nesting deeper than max_depth
};

// Collections may nest at most `max_depth` levels (the root collection is
// level 1), so that nothing downstream recurses deeply.
StrictReading read_strictly(std::string_view text, std::size_t max_depth);

}  // namespace altinity_deploy::yaml::detail
