// YAML text line by line: each line's key and column, the mapping it
// belongs to (lines of one mapping share a column, and a "- " at that
// column starts the next mapping of a list), then the rules of
// is_secret_key and is_hidden_member per mapping. One pass over the lines
// and a stack of open columns: linear in the text.
#include <cstddef>
#include <string>
#include <vector>

#include "altinity_deploy/redact/redaction.hpp"
#include "redact_passes.hpp"

namespace altinity_deploy::redact {
namespace {

struct Line {
  std::size_t begin = 0;          // offset of the line in the text
  std::size_t end = 0;            // offset of its newline (or the text's end)
  std::size_t indent = 0;         // leading spaces
  std::size_t column = 0;         // where the content starts after "- " markers
  bool blank = true;              // empty or a comment
  bool item = false;              // starts with "- "
  std::string_view key;           // empty: not a `key: value` line
  std::size_t rest = 0;           // offset of the value after "key: "
  std::size_t mapping = 0;        // which mapping the key belongs to
};

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

// A scalar as written on the line, without quotes or a trailing comment.
std::string_view scalar_text(std::string_view text) {
  text = trimmed(text);
  if (const std::size_t comment = text.find(" #"); comment != std::string_view::npos) {
    text = trimmed(text.substr(0, comment));
  }
  if (text.size() >= 2 && (text.front() == '"' || text.front() == '\'') && text.back() == text.front()) {
    text = text.substr(1, text.size() - 2);
  }
  return text;
}

// Finds `key:` at the start of `content` (quoted or plain; the colon ends
// the line or is followed by a space).
void read_key(std::string_view content, std::size_t content_offset, Line& line) {
  if (content.empty()) return;
  std::size_t colon = std::string_view::npos;
  std::string_view key;
  if (content.front() == '"' || content.front() == '\'') {
    const std::size_t close = content.find(content.front(), 1);
    if (close == std::string_view::npos || close + 1 >= content.size() || content[close + 1] != ':') return;
    key = content.substr(1, close - 1);
    colon = close + 1;
  } else {
    if (content.front() == '#' || content.front() == '{' || content.front() == '[') return;
    for (std::size_t i = 0; i < content.size(); ++i) {
      if (content[i] == ':' && (i + 1 == content.size() || content[i + 1] == ' ' || content[i + 1] == '\t' ||
                                content[i + 1] == '\r')) {
        colon = i;
        break;
      }
    }
    if (colon == std::string_view::npos || colon == 0) return;
    key = trimmed(content.substr(0, colon));
  }
  std::size_t rest = colon + 1;
  while (rest < content.size() && (content[rest] == ' ' || content[rest] == '\t')) ++rest;
  line.key = key;
  line.rest = content_offset + rest;
}

std::vector<Line> read_lines(std::string_view text) {
  std::vector<Line> lines;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    Line line;
    line.begin = begin;
    line.end = end;
    std::size_t at = begin;
    while (at < end && text[at] == ' ') ++at;
    line.indent = at - begin;
    while (at + 1 < end && text[at] == '-' && (text[at + 1] == ' ' || text[at + 1] == '\t')) {
      line.item = true;
      at += 2;
      while (at < end && text[at] == ' ') ++at;
    }
    if (at + 1 == end && text[at] == '-') {
      line.item = true;
      ++at;
    }
    line.column = at - begin;
    const std::string_view content = trimmed(text.substr(at, end - at));
    line.blank = !line.item && (content.empty() || content.front() == '#');
    if (!line.blank) read_key(text.substr(at, end - at), at, line);
    lines.push_back(line);
    if (end == text.size()) break;
    begin = end + 1;
  }
  return lines;
}

struct Mapping {
  std::string_view kind;
  std::string_view name;
};

// Gives each key line its mapping; records each mapping's kind and name.
std::vector<Mapping> assign_mappings(std::string_view text, std::vector<Line>& lines) {
  std::vector<Mapping> mappings;
  struct Open {
    std::size_t column;
    std::size_t mapping;
  };
  std::vector<Open> open;
  for (Line& line : lines) {
    if (line.blank) continue;
    while (!open.empty() && open.back().column > line.column) open.pop_back();
    if (line.key.empty()) continue;
    if (open.empty() || open.back().column != line.column || line.item) {
      if (!open.empty() && open.back().column == line.column) open.pop_back();
      mappings.emplace_back();
      open.push_back({line.column, mappings.size() - 1});
    }
    line.mapping = open.back().mapping;
    const std::string_view value = scalar_text(text.substr(line.rest, line.end - line.rest));
    if (line.key == "kind") mappings[line.mapping].kind = value;
    if (line.key == "name") mappings[line.mapping].name = value;
  }
  return mappings;
}

// Lines after `index` that belong to its value: more indented, or a list at
// the key's own column ("data:\n- x").
bool nested_in(const Line& key_line, const Line& line) {
  if (line.blank) return true;
  return line.column > key_line.column || (line.item && line.indent == key_line.column);
}

}  // namespace

std::string redact_yaml_text(std::string_view text) {
  if (text.find(':') == std::string_view::npos) return std::string(text);
  std::vector<Line> lines = read_lines(text);
  const std::vector<Mapping> mappings = assign_mappings(text, lines);

  std::string out;
  std::size_t copied = 0;
  auto replace = [&](std::size_t from, std::size_t to) {
    out.append(text.substr(copied, from - copied));
    out += kRedacted;
    copied = to;
  };
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const Line& line = lines[i];
    if (line.key.empty()) continue;
    const Mapping& mapping = mappings[line.mapping];
    if (!is_secret_key(line.key) && !is_hidden_member(line.key, mapping.kind, mapping.name)) continue;
    if (line.rest < line.end && !trimmed(text.substr(line.rest, line.end - line.rest)).empty()) {
      replace(line.rest, line.end);
    }
    std::size_t next = i + 1;
    for (; next < lines.size() && nested_in(line, lines[next]); ++next) {
      const Line& inner = lines[next];
      if (!inner.blank) replace(inner.begin + inner.indent, inner.end);
    }
    i = next - 1;
  }
  out.append(text.substr(copied));
  return out;
}

}  // namespace altinity_deploy::redact
