#pragma once
// The YAML tree the deployer works on. yaml-cpp's own YAML::Node forgets
// whether a scalar was quoted and silently keeps the first of two duplicate
// keys; this tree remembers quoting and positions so that validation can point
// at a line and column and so that values pass to Helm with the meaning the
// user wrote.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace altinity_deploy::yaml {

// 1-based line and column, as editors show them.
struct Mark {
  int line = 0;
  int column = 0;
};

class Node {
 public:
  enum class Kind { null, scalar, sequence, mapping };
  // plain: written without quotes, so a YAML 1.1 reader (Helm, kubectl) may
  // resolve it to a bool or number; quoted: always a string.
  enum class Style { plain, quoted };

  Node() = default;
  static Node null(Mark mark = {});
  static Node scalar(std::string text, Style style = Style::plain, Mark mark = {});
  static Node quoted(std::string text, Mark mark = {}) { return scalar(std::move(text), Style::quoted, mark); }
  static Node sequence(Mark mark = {});
  static Node mapping(Mark mark = {});

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::null; }
  bool is_scalar() const { return kind_ == Kind::scalar; }
  bool is_sequence() const { return kind_ == Kind::sequence; }
  bool is_mapping() const { return kind_ == Kind::mapping; }
  const std::string& text() const { return text_; }  // scalars only
  Style style() const { return style_; }
  Mark mark() const { return mark_; }
  // True when this is a plain scalar that YAML 1.1 resolves to a non-string
  // (true/false/yes/no/on/off/y/n, null/~, ints, floats incl. .inf/.nan).
  bool plain_but_not_string() const;

  // Sequences.
  const std::vector<Node>& items() const { return items_; }
  void push_back(Node item) { items_.push_back(std::move(item)); }
  // Moves the items out, leaving the sequence empty.
  std::vector<Node> take_items() { return std::exchange(items_, {}); }

  // Mappings. Keys are kept as nodes so that their marks survive; order is
  // the document's order.
  using Entry = std::pair<Node, Node>;
  const std::vector<Entry>& entries() const { return entries_; }
  const Node* find(std::string_view key) const;
  Node* find(std::string_view key);
  // Replaces the value of an existing key (keeping its position) or appends.
  Node& set(std::string_view key, Node value);
  bool erase(std::string_view key);
  void add_entry(Node key, Node value) { entries_.emplace_back(std::move(key), std::move(value)); }
  // Moves the entries out, leaving the mapping empty.
  std::vector<Entry> take_entries() { return std::exchange(entries_, {}); }

  size_t size() const { return kind_ == Kind::mapping ? entries_.size() : items_.size(); }

  friend bool operator==(const Node& a, const Node& b);

 private:
  Kind kind_ = Kind::null;
  Style style_ = Style::plain;
  Mark mark_;
  std::string text_;
  std::vector<Node> items_;
  std::vector<Entry> entries_;
};

// What a YAML 1.1 reader (Go's yaml.v2, so Helm and kubectl) makes of a
// plain scalar. Timestamps count as strings: Helm keeps them as text.
enum class PlainType { string, boolean, number, null };
PlainType resolve_plain(std::string_view text);

// A plain integer as Go reads it (strconv.ParseInt(s, 0, 64), then
// ParseUint for values only an unsigned 64-bit integer holds). Underscores
// must already be removed.
using GoInteger = std::variant<std::int64_t, std::uint64_t>;
std::optional<GoInteger> parse_go_integer(std::string_view text);

// Deep merge: mappings merge key by key, anything else in `overlay` replaces
// what `base` had (Helm's rule for values files).
void merge_into(Node& base, const Node& overlay);

}  // namespace altinity_deploy::yaml
