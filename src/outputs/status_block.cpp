// Edits the manifest's text around its top-level `status:` block; every byte
// outside that block stays as the user wrote it.
#include "altinity_deploy/yaml/scalar.hpp"
#include "altinity_deploy/outputs/status_block.hpp"

#include <algorithm>
#include <optional>
#include <string_view>

#include "altinity_deploy/yaml/yaml_loader.hpp"
#include "document_layout.hpp"

namespace altinity_deploy::outputs {
namespace {

using detail::TextLine;

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// The line break the file uses, judged by its first line.
std::string_view line_break_of(std::string_view text) {
  const size_t newline = text.find('\n');
  return newline != std::string_view::npos && newline > 0 && text[newline - 1] == '\r' ? "\r\n" : "\n";
}

bool ends_with_line_break(std::string_view text) { return !text.empty() && text.back() == '\n'; }

// Byte offsets [begin, end) of the status block.
struct Span {
  size_t begin = 0;
  size_t end = 0;
};

class StatusEditor {
 public:
  explicit StatusEditor(const std::string& text)
      : text_(text), lines_(detail::split_lines(text)), layout_(detail::scan_document(text, lines_)) {}

  bool editable() const { return layout_.block_mapping; }

  // From the `status:` line up to the next top-level key or the end of the
  // document, minus the blank lines and column-0 comments just before that
  // next key: those belong to it (or to the end of the file), not to status.
  std::optional<Span> status_span() const {
    const auto& keys = layout_.keys;
    const auto status = std::find_if(keys.begin(), keys.end(), [](const auto& key) { return key.name == "status"; });
    if (status == keys.end()) return std::nullopt;
    const int first = status->line;
    int last = std::next(status) != keys.end() ? std::next(status)->line : layout_.end_line;
    while (last - 1 > first && detail::is_blank_or_comment(text_, lines_[last - 1], layout_.indent)) --last;
    size_t begin = lines_[first].begin;
    if (first == 0 && std::string_view(text_).starts_with(kUtf8Bom)) begin += kUtf8Bom.size();
    return Span{begin, offset_of_line(last)};
  }

  // Where a new status block goes: the end of the first document.
  size_t append_offset() const { return offset_of_line(layout_.end_line); }

  // status:\n  outputs:\n    key: value\n ... indented like the other keys.
  std::string render(const Outputs& outputs) const {
    const std::string indent(static_cast<size_t>(layout_.indent), ' ');
    const auto eol = line_break_of(text_);
    std::string block = indent + "status:" + std::string(eol) + indent + "  outputs:";
    if (outputs.empty()) block += " {}";
    block += eol;
    for (const auto& [key, value] : outputs) {
      block += indent + "    " + yaml::string_scalar(key) + ": " + yaml::string_scalar(value);
      block += eol;
    }
    return block;
  }

  std::string_view line_break() const { return line_break_of(text_); }

  // `status` is the document's only key and a `...` or `---` line ends the
  // document: removing the block would leave that marker with no content
  // before it, which libyaml refuses (a lone `...`) or reads as the start of
  // the next document (a lone `---`).
  bool status_alone_before_a_marker() const {
    return layout_.keys.size() == 1 && layout_.end_line < static_cast<int>(lines_.size());
  }

 private:
  size_t offset_of_line(int line) const {
    return line < static_cast<int>(lines_.size()) ? lines_[line].begin : text_.size();
  }

  const std::string& text_;
  std::vector<TextLine> lines_;
  detail::DocumentLayout layout_;
};

// A block that ends the file must not add a final line break the file lacked.
std::string fit_at_end(std::string block, std::string_view line_break) {
  if (block.ends_with(line_break)) block.resize(block.size() - line_break.size());
  return block;
}

// The top-level entries apart from `status`; an empty document holds none.
std::optional<yaml::Node> everything_but_status(const std::string& text) {
  const yaml::LoadedDocument doc = yaml::load(text);
  if (!doc.problems.empty() || doc.document_count > 1) return std::nullopt;
  yaml::Node rest = yaml::Node::mapping();
  if (doc.root.is_null()) return rest;
  if (!doc.root.is_mapping()) return doc.root;
  for (const auto& [key, value] : doc.root.entries()) {
    if (!(key.is_scalar() && key.text() == "status")) rest.add_entry(key, value);
  }
  return rest;
}

// The text edit must change nothing but the status block. Layouts the
// editor misjudges (the fuzzer found a block scalar ending the file without
// a line break, which the appended block extended) leave the file alone.
std::string checked(const std::string& original, std::string edited) {
  const auto before = everything_but_status(original);
  if (!before) return edited;  // not loadable: the deployer never writes it back
  const auto after = everything_but_status(edited);
  return after && *after == *before ? edited : original;
}

std::string edit_status_outputs(const std::string& manifest_text, const Outputs& outputs) {
  const StatusEditor editor(manifest_text);
  if (!editor.editable()) return manifest_text;
  std::string block = editor.render(outputs);
  const bool lacks_final_break = !manifest_text.empty() && !ends_with_line_break(manifest_text);

  if (const auto span = editor.status_span()) {
    if (span->end == manifest_text.size() && lacks_final_break) block = fit_at_end(block, editor.line_break());
    return manifest_text.substr(0, span->begin) + block + manifest_text.substr(span->end);
  }
  const size_t at = editor.append_offset();
  if (at < manifest_text.size()) return manifest_text.substr(0, at) + block + manifest_text.substr(at);
  if (lacks_final_break) return manifest_text + std::string(editor.line_break()) + fit_at_end(block, editor.line_break());
  return manifest_text + block;
}

// drop_break_before: see below; false keeps the line break before the block.
std::string edit_without_status(const std::string& manifest_text, bool drop_break_before) {
  const StatusEditor editor(manifest_text);
  if (!editor.editable()) return manifest_text;
  const auto span = editor.status_span();
  if (!span) return manifest_text;
  size_t begin = span->begin;
  // Removing the last lines of a file without a final line break: drop the
  // break before them too, so the file still ends without one.
  if (drop_break_before && span->end == manifest_text.size() && !ends_with_line_break(manifest_text)) {
    const size_t previous_break = manifest_text.rfind('\n', begin == 0 ? 0 : begin - 1);
    if (begin > 0 && previous_break != std::string::npos) {
      begin = previous_break;
      if (begin > 0 && manifest_text[begin - 1] == '\r') --begin;
    }
  }
  // An empty mapping keeps the document (found by the fuzzer, with a
  // byte-order mark before `status:` and a `...` after the block).
  const std::string replacement =
      editor.status_alone_before_a_marker() ? "{}" + std::string(editor.line_break()) : std::string();
  return manifest_text.substr(0, begin) + replacement + manifest_text.substr(span->end);
}

}  // namespace

std::string with_status_outputs(const std::string& manifest_text, const Outputs& outputs) {
  return checked(manifest_text, edit_status_outputs(manifest_text, outputs));
}

std::string without_status(const std::string& manifest_text) {
  const std::string dropped = checked(manifest_text, edit_without_status(manifest_text, true));
  if (dropped != manifest_text) return dropped;
  // Found by fuzzing: the line break before a last status block can end the
  // value of a block scalar above it (`|` keeps it); then it stays, and the
  // file ends with a line break it may not have had.
  return checked(manifest_text, edit_without_status(manifest_text, false));
}

}  // namespace altinity_deploy::outputs
