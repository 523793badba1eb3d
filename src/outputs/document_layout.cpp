#include "document_layout.hpp"

#include <limits>
#include <sstream>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

namespace altinity_deploy::outputs::detail {
namespace {

std::string_view content(std::string_view text, const TextLine& line) {
  return text.substr(line.begin, line.end - line.begin);
}

bool is_document_marker(std::string_view line) {
  if (!line.starts_with("---") && !line.starts_with("...")) return false;
  return line.size() == 3 || line[3] == ' ' || line[3] == '\t';
}

// Collects the keys of the top-level mapping from yaml-cpp's events: the
// nodes one level down alternate key, value, key, value...
class TopLevelKeyCollector final : public YAML::EventHandler {
 public:
  TopLevelKeyCollector(DocumentLayout& layout, std::string_view text, const std::vector<TextLine>& lines)
      : layout_(layout), text_(text), lines_(lines) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { node(Kind::null, mark, {}, anchor); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { node(Kind::other, mark, {}, YAML::NullAnchor); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                const std::string& value) override {
    node(Kind::other, mark, value, anchor);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    node(Kind::collection, mark, {}, anchor);
  }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override {
    node(style == YAML::EmitterStyle::Flow ? Kind::collection : Kind::block_mapping, mark, {}, anchor);
  }
  void OnSequenceEnd() override { --depth_; }
  void OnMapEnd() override { --depth_; }

  bool null_root() const { return null_root_; }

 private:
  enum class Kind { null, block_mapping, collection, other };

  void node(Kind kind, const YAML::Mark& mark, const std::string& scalar, YAML::anchor_t anchor) {
    // An anchor inside the status block may be used after it: replacing or
    // removing the block would leave an alias to nothing (found by fuzzing).
    if (in_status_ && anchor != YAML::NullAnchor) layout_.block_mapping = false;
    if (depth_ == 0 && !root_seen_) {
      root_seen_ = true;
      // An empty document (a null root) can still get a status key; one
      // that says `null` or `~` cannot (scan_document tells them apart).
      layout_.block_mapping = kind == Kind::block_mapping || kind == Kind::null;
      null_root_ = kind == Kind::null;
    } else if (depth_ == 1 && layout_.block_mapping) {
      if (expecting_key_) {
        // Only plain one-line keys that start their line ("? key" and
        // collections as keys are left alone: the block would not fit).
        if (kind != Kind::other || !starts_its_line(mark)) {
          layout_.block_mapping = false;
        } else {
          if (layout_.keys.empty()) layout_.indent = mark.column;
          layout_.keys.push_back(TopLevelKey{mark.line, scalar});
        }
        in_status_ = scalar == "status";
        if (in_status_ && anchor != YAML::NullAnchor) layout_.block_mapping = false;
      }
      expecting_key_ = !expecting_key_;
    }
    if (kind == Kind::collection || kind == Kind::block_mapping) ++depth_;
  }

  bool starts_its_line(const YAML::Mark& mark) const {
    if (mark.line < 0 || mark.line >= static_cast<int>(lines_.size())) return false;
    const auto line = content(text_, lines_[mark.line]);
    const size_t first = line.find_first_not_of(' ');
    return first != std::string_view::npos && static_cast<int>(first) == mark.column;
  }

  DocumentLayout& layout_;
  std::string_view text_;
  const std::vector<TextLine>& lines_;
  bool null_root_ = false;
  bool root_seen_ = false;
  bool in_status_ = false;  // between the key `status` and the next top-level key
  int depth_ = 0;
  bool expecting_key_ = true;
};

// The line after any leading comments, directives and the `---` that opens
// the first document.
int first_document_line(std::string_view text, const std::vector<TextLine>& lines) {
  int line = 0;
  const int count = static_cast<int>(lines.size());
  const auto skippable = [&](const TextLine& candidate) {
    return is_blank_or_comment(text, candidate, std::numeric_limits<int>::max()) ||
           content(text, candidate).starts_with('%');
  };
  while (line < count && skippable(lines[line])) {
    ++line;
  }
  if (line < count && content(text, lines[line]).starts_with("---")) ++line;
  return line;
}

// For text yaml-cpp rejects (the deployer only edits manifests it loaded, so
// this is a fallback): every line at column 0 that is not blank, a comment or
// a sequence entry starts a key.
void scan_keys_by_column(std::string_view text, const std::vector<TextLine>& lines, int first, DocumentLayout& layout) {
  for (int i = first; i < layout.end_line; ++i) {
    const auto line = content(text, lines[i]);
    if (is_blank_or_comment(text, lines[i], 0) || line.front() == ' ' || line.front() == '\t') continue;
    if (line.front() == '-' || line.front() == '[' || line.front() == '{') {
      layout.block_mapping = false;
      return;
    }
    std::string_view name = line.substr(0, line.find(':'));
    if (name.size() >= 2 && (name.front() == '"' || name.front() == '\'') && name.back() == name.front()) {
      name = name.substr(1, name.size() - 2);
    }
    layout.keys.push_back(TopLevelKey{i, std::string(name)});
  }
}

}  // namespace

std::vector<TextLine> split_lines(std::string_view text) {
  std::vector<TextLine> lines;
  size_t begin = 0;
  while (begin < text.size()) {
    // YAML's line breaks: LF, CRLF and a lone CR (found by fuzzing: a
    // `...` after a lone CR is a line of its own to libyaml).
    const size_t brk = text.find_first_of("\r\n", begin);
    const size_t end = brk == std::string_view::npos ? text.size() : brk;
    size_t next = end;
    if (brk != std::string_view::npos) {
      next = brk + 1;
      if (text[brk] == '\r' && next < text.size() && text[next] == '\n') ++next;
    }
    lines.push_back(TextLine{begin, end, next});
    begin = next;
  }
  return lines;
}

bool is_blank_or_comment(std::string_view text, const TextLine& line, int max_column) {
  const auto view = content(text, line);
  const size_t first = view.find_first_not_of(" \t");
  if (first == std::string_view::npos) return true;
  return view[first] == '#' && static_cast<int>(first) <= max_column;
}

DocumentLayout scan_document(std::string_view text, const std::vector<TextLine>& lines) {
  DocumentLayout layout;
  const int first = first_document_line(text, lines);
  layout.end_line = static_cast<int>(lines.size());
  for (int i = first; i < layout.end_line; ++i) {
    if (is_document_marker(content(text, lines[i]))) {
      layout.end_line = i;
      break;
    }
  }
  try {
    std::istringstream stream{std::string(text)};
    YAML::Parser parser(stream);
    TopLevelKeyCollector collector(layout, text, lines);
    parser.HandleNextDocument(collector);  // the first document only
    // The first key must open the document: content before it (" ?" of an
    // explicit key, found by fuzzing) means the keys are not where the
    // block would go.
    if (!layout.keys.empty()) {
      int content_line = first;
      while (content_line < layout.end_line &&
             is_blank_or_comment(text, lines[content_line], std::numeric_limits<int>::max())) {
        ++content_line;
      }
      if (layout.keys.front().line != content_line) layout.block_mapping = false;
    }
    if (collector.null_root()) {
      for (int i = first; i < layout.end_line && layout.block_mapping; ++i) {
        TextLine line = lines[i];
        if (line.begin == 0 && text.starts_with("\xEF\xBB\xBF")) line.begin += 3;  // a BOM is no content
        layout.block_mapping = is_blank_or_comment(text, line, std::numeric_limits<int>::max());
      }
    }
  } catch (const YAML::Exception&) {
    layout = DocumentLayout{true, 0, {}, layout.end_line};
    scan_keys_by_column(text, lines, first, layout);
  }
  return layout;
}

}  // namespace altinity_deploy::outputs::detail
