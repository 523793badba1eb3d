// Builds yaml::Node from yaml-cpp's parser events. The event API is used
// instead of YAML::Load because only the events still show duplicate keys,
// quoting and the position of every node.
#include "altinity_deploy/yaml/yaml_loader.hpp"

#include <map>
#include <optional>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include "altinity_deploy/yaml/yaml_path.hpp"

namespace altinity_deploy::yaml {

namespace {

// Aliases are expanded by copying; this caps what a "billion laughs" text
// can make us allocate.
constexpr std::size_t kMaxNodes = 1'000'000;

Mark to_mark(const YAML::Mark& mark) { return Mark{mark.line + 1, mark.column + 1}; }

std::size_t count_nodes(const Node& node) {
  std::size_t count = 1;
  for (const Node& item : node.items()) count += count_nodes(item);
  for (const auto& [key, value] : node.entries()) count += count_nodes(key) + count_nodes(value);
  return count;
}

// A copy of `node` whose own mark is `mark` (where the alias was written);
// the nodes inside keep the marks of the anchored original.
Node moved_to(const Node& node, Mark mark) {
  switch (node.kind()) {
    case Node::Kind::null:
      return Node::null(mark);
    case Node::Kind::scalar:
      return Node::scalar(node.text(), node.style(), mark);
    case Node::Kind::sequence: {
      Node copy = Node::sequence(mark);
      for (const Node& item : node.items()) copy.push_back(item);
      return copy;
    }
    case Node::Kind::mapping: {
      Node copy = Node::mapping(mark);
      for (const auto& [key, value] : node.entries()) copy.add_entry(key, value);
      return copy;
    }
  }
  return Node::null(mark);
}

// yaml-cpp tags plain scalars "?" and quoted or block scalars "!"; an
// explicit !!str also makes a string whatever the text looks like.
Node::Style style_of(const std::string& tag) {
  return tag == "!" || tag == "tag:yaml.org,2002:str" ? Node::Style::quoted : Node::Style::plain;
}

class TreeBuilder : public YAML::EventHandler {
 public:
  explicit TreeBuilder(LoadedDocument& out) : out_(out) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    ++out_.document_count;
    out_.document_starts.push_back(to_mark(mark));
    anchors_.clear();  // anchors do not cross documents
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { complete(Node::null(to_mark(mark)), anchor); }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) {
      // yaml-cpp knows the anchor but we do not: it is still being built.
      problem(to_mark(mark), "", "an alias refers to a node that contains it");
      complete(Node::null(to_mark(mark)), YAML::NullAnchor);
      return;
    }
    node_count_ += count_nodes(it->second);
    if (node_count_ > kMaxNodes) {
      if (!too_large_reported_) problem(to_mark(mark), "", "aliases expand to too many nodes");
      too_large_reported_ = true;
      complete(Node::null(to_mark(mark)), YAML::NullAnchor);
      return;
    }
    complete(moved_to(it->second, to_mark(mark)), YAML::NullAnchor);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    complete(Node::scalar(value, style_of(tag), to_mark(mark)), anchor);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(Node::sequence(to_mark(mark)), anchor);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(Node::mapping(to_mark(mark)), anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    Node node;
    YAML::anchor_t anchor = YAML::NullAnchor;
    std::string path;
    std::optional<Node> pending_key;  // mappings: the key waiting for its value
  };

  void problem(Mark mark, std::string path, std::string message) {
    out_.problems.push_back(LoadProblem{mark, std::move(path), std::move(message)});
  }

  // The path of the node that is about to be added to the innermost open
  // collection.
  std::string next_child_path() const {
    if (stack_.empty()) return "";
    const Frame& top = stack_.back();
    if (top.node.is_sequence()) return item_path(top.path, top.node.size());
    if (top.pending_key && top.pending_key->is_scalar()) return child_path(top.path, top.pending_key->text());
    return top.path;
  }

  void open(Node node, YAML::anchor_t anchor) {
    std::string path = next_child_path();
    stack_.push_back(Frame{std::move(node), anchor, std::move(path), std::nullopt});
  }

  void close() {
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    complete(std::move(frame.node), frame.anchor);
  }

  void complete(Node node, YAML::anchor_t anchor) {
    if (anchor != YAML::NullAnchor) anchors_[anchor] = node;
    if (stack_.empty()) {
      // Only the first document becomes the root; later ones are counted.
      if (out_.document_count == 1) out_.root = std::move(node);
      return;
    }
    Frame& top = stack_.back();
    if (top.node.is_sequence()) {
      top.node.push_back(std::move(node));
    } else if (!top.pending_key) {
      top.pending_key = std::move(node);
    } else {
      add_entry(top, std::move(*top.pending_key), std::move(node));
      top.pending_key.reset();
    }
  }

  // Keeps the first of two equal keys, as yaml-cpp would, and reports the
  // second.
  void add_entry(Frame& frame, Node key, Node value) {
    if (key.is_scalar()) {
      for (const auto& entry : frame.node.entries()) {
        if (entry.first.is_scalar() && entry.first.text() == key.text()) {
          problem(key.mark(), child_path(frame.path, key.text()),
                  fmt::format("duplicate key '{}' (first defined at {}:{})", key.text(), entry.first.mark().line,
                              entry.first.mark().column));
          return;
        }
      }
    }
    frame.node.add_entry(std::move(key), std::move(value));
  }

  LoadedDocument& out_;
  std::vector<Frame> stack_;
  std::map<YAML::anchor_t, Node> anchors_;
  std::size_t node_count_ = 0;  // nodes copied for aliases so far
  bool too_large_reported_ = false;
};

}  // namespace

LoadedDocument load(const std::string& text) {
  LoadedDocument out;
  std::istringstream input(text);
  try {
    YAML::Parser parser(input);
    TreeBuilder builder(out);
    while (parser.HandleNextDocument(builder)) {
    }
  } catch (const YAML::Exception& e) {
    out.syntax_error = true;
    out.problems.push_back(LoadProblem{to_mark(e.mark), "", e.msg});
  } catch (const std::exception& e) {
    // yaml-cpp may also throw std exceptions (e.g. bad_alloc); never let
    // them escape.
    out.syntax_error = true;
    out.problems.push_back(LoadProblem{Mark{}, "", e.what()});
  }
  return out;
}

}  // namespace altinity_deploy::yaml
