#include "altinity_deploy/core/escaped_text.hpp"

#include "altinity_deploy/core/shown_character.hpp"

namespace altinity_deploy::core {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t'; }

}  // namespace

std::string escape_controls(std::string_view text, bool keep_newlines) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) at += append_shown_character(out, text, at, keep_newlines);
  return out;
}

EscapedText escaped(std::string_view outside) { return EscapedText(escape_controls(outside)); }
EscapedText escaped_lines(std::string_view outside) { return EscapedText(escape_controls(outside, true)); }

EscapedText detail_escaped_vformat(fmt::string_view format, fmt::format_args args) {
  return EscapedText(fmt::vformat(format, args));
}

std::vector<EscapedText> EscapedText::lines() const {
  std::vector<EscapedText> out;
  std::size_t start = 0;
  while (start < text_.size()) {
    std::size_t end = text_.find('\n', start);
    if (end == std::string::npos) end = text_.size();
    out.push_back(EscapedText(text_.substr(start, end - start)));
    start = end + 1;
  }
  return out;
}

std::string EscapedText::printable() const {
  std::string out;
  out.reserve(text_.size());
  bool line_start = true;
  for (std::size_t at = 0; at < text_.size(); ++at) {
    const char c = text_[at];
    if (line_start && !is_space(c)) {
      line_start = false;
      if (text_.compare(at, 2, "::") == 0) {
        out += "\\x3a";
        continue;
      }
    }
    if (c == '#' && text_.compare(at, 3, "##[") == 0) {
      out += "#\\x23";
      ++at;
      continue;
    }
    out += c;
    if (c == '\n') line_start = true;
  }
  return out;
}

}  // namespace altinity_deploy::core
