// Block-style YAML writer. Hand-written rather than YAML::Emitter because
// yaml-cpp's emitter decides quoting on its own; here a plain scalar stays
// plain and a quoted one stays quoted, so the type the user wrote survives.
#include "altinity_deploy/yaml/yaml_emitter.hpp"

#include <fmt/format.h>

#include "altinity_deploy/yaml/scalar.hpp"

namespace altinity_deploy::yaml {

namespace {

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
        out += double_quoted(node.text());
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
