#include "altinity_deploy/yaml/yaml_tree.hpp"

#include <algorithm>

namespace altinity_deploy::yaml {

Node Node::null(Mark mark) {
  Node node;
  node.mark_ = mark;
  return node;
}

Node Node::scalar(std::string text, Style style, Mark mark) {
  Node node;
  node.kind_ = Kind::scalar;
  node.text_ = std::move(text);
  node.style_ = style;
  node.mark_ = mark;
  return node;
}

Node Node::sequence(Mark mark) {
  Node node;
  node.kind_ = Kind::sequence;
  node.mark_ = mark;
  return node;
}

Node Node::mapping(Mark mark) {
  Node node;
  node.kind_ = Kind::mapping;
  node.mark_ = mark;
  return node;
}

bool Node::plain_but_not_string() const {
  return kind_ == Kind::scalar && style_ == Style::plain && resolve_plain(text_) != PlainType::string;
}

namespace {

// Only scalar keys can be looked up by name; a null key never matches.
bool key_is(const Node& key, std::string_view name) { return key.is_scalar() && key.text() == name; }

}  // namespace

const Node* Node::find(std::string_view key) const {
  auto it = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return key_is(e.first, key); });
  return it == entries_.end() ? nullptr : &it->second;
}

Node* Node::find(std::string_view key) {
  auto it = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return key_is(e.first, key); });
  return it == entries_.end() ? nullptr : &it->second;
}

Node& Node::set(std::string_view key, Node value) {
  if (Node* existing = find(key)) {
    *existing = std::move(value);
    return *existing;
  }
  entries_.emplace_back(Node::scalar(std::string(key)), std::move(value));
  return entries_.back().second;
}

bool Node::erase(std::string_view key) {
  auto it = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return key_is(e.first, key); });
  if (it == entries_.end()) return false;
  entries_.erase(it);
  return true;
}

// Marks are deliberately ignored: two trees are equal when they say the same
// thing with the same quoting, wherever they were written.
bool operator==(const Node& a, const Node& b) {
  if (a.kind_ != b.kind_) return false;
  switch (a.kind_) {
    case Node::Kind::null:
      return true;
    case Node::Kind::scalar:
      return a.style_ == b.style_ && a.text_ == b.text_;
    case Node::Kind::sequence:
      return a.items_ == b.items_;
    case Node::Kind::mapping:
      return a.entries_ == b.entries_;
  }
  return false;
}

void merge_into(Node& base, const Node& overlay) {
  if (!base.is_mapping() || !overlay.is_mapping()) {
    base = overlay;
    return;
  }
  for (const auto& [key, value] : overlay.entries()) {
    Node* existing = key.is_scalar() ? base.find(key.text()) : nullptr;
    if (existing == nullptr) {
      base.add_entry(key, value);
    } else {
      merge_into(*existing, value);
    }
  }
}

}  // namespace altinity_deploy::yaml
