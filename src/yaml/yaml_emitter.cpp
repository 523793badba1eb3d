// Block-style YAML writer. Hand-written rather than YAML::Emitter because
// yaml-cpp's emitter decides quoting on its own; here a plain scalar stays
// plain and a quoted one stays quoted, so the type the user wrote survives.
#include "altinity_deploy/yaml/yaml_emitter.hpp"

#include <fmt/format.h>

namespace altinity_deploy::yaml {

namespace {

// Characters that may not start a plain scalar.
constexpr std::string_view kIndicators = "-?:,[]{}#&*!|>'\"%@`";

bool has_line_break_or_bom(std::string_view text) {
  // U+0085, U+2028, U+2029 are line breaks to YAML 1.1; U+FEFF is a BOM.
  return text.find("\xC2\x85") != std::string_view::npos || text.find("\xE2\x80\xA8") != std::string_view::npos ||
         text.find("\xE2\x80\xA9") != std::string_view::npos || text.find("\xEF\xBB\xBF") != std::string_view::npos;
}

// Whether `text` reads back as the same plain scalar in block context.
// Deliberately stricter than the YAML grammar: quoting too much only changes
// the style, quoting too little changes the document.
bool safe_as_plain(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) return false;
  }
  if (has_line_break_or_bom(text)) return false;
  if (text.front() == ' ' || text.back() == ' ') return false;
  const bool dash_then_text = text.front() == '-' && text.size() > 1 && text[1] != ' ';
  if (kIndicators.find(text.front()) != std::string_view::npos && !dash_then_text) return false;
  if (text.starts_with("---") || text.starts_with("...")) return false;
  if (text.back() == ':') return false;
  if (text.find(": ") != std::string_view::npos || text.find(" #") != std::string_view::npos) return false;
  return true;
}

void append_double_quoted(std::string& out, std::string_view text) {
  out += '"';
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; continue;
      case '\\': out += "\\\\"; continue;
      case '\n': out += "\\n"; continue;
      case '\t': out += "\\t"; continue;
      case '\r': out += "\\r"; continue;
      default: break;
    }
    if (byte < 0x20 || byte == 0x7F) {
      out += fmt::format("\\x{:02X}", byte);
    } else if (text.substr(i, 2) == "\xC2\x85") {
      out += "\\u0085";
      i += 1;
    } else if (text.substr(i, 3) == "\xE2\x80\xA8" || text.substr(i, 3) == "\xE2\x80\xA9") {
      out += text[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else if (text.substr(i, 3) == "\xEF\xBB\xBF") {
      out += "\\uFEFF";
      i += 2;
    } else {
      out += c;
    }
  }
  out += '"';
}

// A scalar, null or empty collection: anything that fits on the current line.
bool is_inline(const Node& node) {
  return node.is_null() || node.is_scalar() || node.size() == 0;
}

void append_inline(std::string& out, const Node& node) {
  switch (node.kind()) {
    case Node::Kind::null:
      out += "null";
      return;
    case Node::Kind::scalar:
      if (node.style() == Node::Style::plain && safe_as_plain(node.text())) {
        out += node.text();
      } else {
        append_double_quoted(out, node.text());
      }
      return;
    case Node::Kind::sequence:
      out += "[]";
      return;
    case Node::Kind::mapping:
      out += "{}";
      return;
  }
}

void indent_to(std::string& out, int indent) { out.append(static_cast<std::size_t>(indent), ' '); }

void append_block(std::string& out, const Node& node, int indent, bool first_line_started);

// What follows "- ", "? " or ": ": the rest of the line, or a nested block
// whose first line continues the current one (compact sequences/mappings).
void append_after_indicator(std::string& out, const Node& node, int indent) {
  if (is_inline(node)) {
    append_inline(out, node);
    out += '\n';
  } else {
    append_block(out, node, indent, true);
  }
}

void append_entry(std::string& out, const Node& key, const Node& value, int indent) {
  if (is_inline(key)) {
    append_inline(out, key);
    out += ':';
  } else {
    // A collection as key needs the explicit "? key : value" form.
    out += "? ";
    append_block(out, key, indent + 2, true);
    indent_to(out, indent);
    out += ':';
  }
  if (is_inline(value)) {
    out += ' ';
    append_inline(out, value);
    out += '\n';
  } else {
    out += '\n';
    append_block(out, value, indent + 2, false);
  }
}

// Writes a non-empty collection at `indent`. When `first_line_started`, the
// first line's indentation has been written already (after "- " or "? ").
void append_block(std::string& out, const Node& node, int indent, bool first_line_started) {
  bool first = true;
  if (node.is_sequence()) {
    for (const Node& item : node.items()) {
      if (!(first && first_line_started)) indent_to(out, indent);
      first = false;
      out += "- ";
      append_after_indicator(out, item, indent + 2);
    }
    return;
  }
  for (const auto& [key, value] : node.entries()) {
    if (!(first && first_line_started)) indent_to(out, indent);
    first = false;
    append_entry(out, key, value, indent);
  }
}

}  // namespace

std::string emit(const Node& node) {
  std::string out;
  append_after_indicator(out, node, 0);
  return out;
}

}  // namespace altinity_deploy::yaml
