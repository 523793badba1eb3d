// The redaction policy (redact/redaction.hpp) applied to a whole YAML tree:
// the values `render` prints. Aliases were copied by the loader, so their
// targets are redacted wherever they appear; a merge key's mappings
// ("<<: *base") are read as members of the mapping that merges them, as
// Helm reads them.
#include "altinity_deploy/yaml/yaml_redaction.hpp"

#include <string>

#include "altinity_deploy/redact/redaction.hpp"

namespace altinity_deploy::redact {
namespace {

using yaml::Node;

bool is_merge_key(const Node& key) {
  return key.is_scalar() && key.style() == Node::Style::plain && key.text() == "<<";
}

// The scalar member `name` of a mapping, its merged mappings included
// (the mapping's own member wins, then the merged ones in order).
const Node* scalar_member(const Node& mapping, std::string_view name) {
  if (const Node* own = mapping.find(name); own != nullptr) return own->is_scalar() ? own : nullptr;
  for (const auto& [key, value] : mapping.entries()) {
    if (!is_merge_key(key)) continue;
    if (value.is_mapping()) {
      if (const Node* found = scalar_member(value, name)) return found;
    }
    if (value.is_sequence()) {
      for (const Node& item : value.items()) {
        if (!item.is_mapping()) continue;
        if (const Node* found = scalar_member(item, name)) return found;
      }
    }
  }
  return nullptr;
}

std::string_view member_text(const Node& mapping, std::string_view name) {
  const Node* member = scalar_member(mapping, name);
  return member != nullptr ? std::string_view(member->text()) : std::string_view{};
}

struct Context {
  std::string_view kind;
  std::string_view name;
};

Node redact_node(const Node& node);

// The entries of `mapping` (or of a mapping it merges) into `out`, hidden
// by the rules of the mapping that holds them.
void redact_entries(const Node& mapping, const Context& context, Node& out) {
  for (const auto& [key, value] : mapping.entries()) {
    if (is_merge_key(key)) {
      Node merged = value.is_sequence() ? Node::sequence(value.mark()) : Node::mapping(value.mark());
      if (value.is_mapping()) {
        redact_entries(value, context, merged);
      } else if (value.is_sequence()) {
        for (const Node& item : value.items()) {
          if (!item.is_mapping()) {
            merged.push_back(redact_node(item));
            continue;
          }
          Node copy = Node::mapping(item.mark());
          redact_entries(item, context, copy);
          merged.push_back(std::move(copy));
        }
      } else {
        merged = redact_node(value);
      }
      out.add_entry(key, std::move(merged));
      continue;
    }
    const bool hidden =
        key.is_scalar() && (is_secret_key(key.text()) || is_hidden_member(key.text(), context.kind, context.name));
    out.add_entry(key, hidden ? hide(value) : redact_node(value));
  }
}

Node redact_node(const Node& node) {
  switch (node.kind()) {
    case Node::Kind::null:
      return node;
    case Node::Kind::scalar: {
      std::string text = redact_text(node.text());
      if (text == node.text()) return node;
      return Node::quoted(std::move(text), node.mark());
    }
    case Node::Kind::sequence: {
      Node copy = Node::sequence(node.mark());
      for (const Node& item : node.items()) copy.push_back(redact_node(item));
      return copy;
    }
    case Node::Kind::mapping: {
      Node copy = Node::mapping(node.mark());
      redact_entries(node, Context{member_text(node, "kind"), member_text(node, "name")}, copy);
      return copy;
    }
  }
  return node;
}

}  // namespace

yaml::Node hide(const yaml::Node& node) {
  if (node.is_scalar() && node.text() == kGenerated) return node;
  if (!node.is_mapping()) return Node::quoted(std::string(kRedacted), node.mark());
  Node copy = Node::mapping(node.mark());
  for (const auto& [key, value] : node.entries()) copy.add_entry(key, hide(value));
  return copy;
}

yaml::Node redact(const yaml::Node& node) { return redact_node(node); }

}  // namespace altinity_deploy::redact
