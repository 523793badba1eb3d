#pragma once
// Where things are in a manifest's text: its lines, and the lines on which the
// keys of the first document's top-level mapping start. yaml-cpp finds the
// keys, so a `status:` inside a block scalar or a multi-line string or flow
// collection is never mistaken for one.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace altinity_deploy::outputs::detail {

struct TextLine {
  size_t begin = 0;  // first byte
  size_t end = 0;    // end of the content, before "\n" or "\r\n"
  size_t next = 0;   // first byte of the next line (or the text's size)
};

std::vector<TextLine> split_lines(std::string_view text);

struct TopLevelKey {
  int line = 0;  // 0-based
  std::string name;
};

struct DocumentLayout {
  // False when the top-level node is a flow collection, a sequence or a
  // scalar: there is no block mapping to add a key to.
  bool block_mapping = true;
  int indent = 0;  // column of the top-level keys (0 unless all are indented)
  std::vector<TopLevelKey> keys;
  // The first line after the first document: its `---`/`...` line, or the
  // number of lines.
  int end_line = 0;
};

DocumentLayout scan_document(std::string_view text, const std::vector<TextLine>& lines);

// Blank (only spaces/tabs) or a comment starting at most at `max_column`.
bool is_blank_or_comment(std::string_view text, const TextLine& line, int max_column);

}  // namespace altinity_deploy::outputs::detail
