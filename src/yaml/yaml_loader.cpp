// Builds yaml::Node from yaml-cpp's parser events. The event API is used
// instead of YAML::Load because only the events still show duplicate keys,
// quoting and the position of every node. libyaml reads the text first
// (strict_reading.hpp); yaml-cpp only ever sees text libyaml accepts.
#include "altinity_deploy/yaml/yaml_loader.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <optional>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include "altinity_deploy/redact/redaction.hpp"
#include "altinity_deploy/yaml/yaml_path.hpp"
#include "merge_keys.hpp"
#include "strict_reading.hpp"

namespace altinity_deploy::yaml {

namespace {

Mark to_mark(const YAML::Mark& mark) { return Mark{mark.line + 1, mark.column + 1}; }

// What a finished node costs: nodes (keys included), bytes of scalar text,
// and how many collection levels it spans (0 for a scalar).
struct Size {
  std::size_t nodes = 0;
  std::size_t bytes = 0;
  std::size_t height = 0;
};

Size size_of_scalar(const std::string& text) { return Size{1, text.size(), 0}; }

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

// How Go's yaml.v2 will type a scalar, from libyaml's reading (yaml-cpp
// reports the tag of an empty scalar at the end of the text differently):
// untagged plain text is resolved; quoted and block scalars, !!str, the
// non-specific "!" and application tags (!foo) stay strings; the other core
// tags (!!int, !!merge...) leave it to resolution.
Node::Style style_of(const detail::StrictEvent& event) {
  if (event.tag.empty()) return event.plain ? Node::Style::plain : Node::Style::quoted;
  if (event.tag == "tag:yaml.org,2002:str") return Node::Style::quoted;
  return event.tag.starts_with("tag:yaml.org,2002:") ? Node::Style::plain : Node::Style::quoted;
}

// Thrown from an event handler to stop yaml-cpp when it reads the text
// differently from libyaml; never escapes load().
struct Disagreement {
  Mark mark;
};

bool is_null_text(const std::string& text) {
  return text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL";
}

// Walks libyaml's events of the first document alongside yaml-cpp's.
class StrictEvents {
 public:
  using Kind = detail::StrictEvent::Kind;

  explicit StrictEvents(const std::vector<detail::StrictEvent>& events) : events_(events) {}

  void expect(Kind kind, Mark mark) { next(kind, mark); }

  // yaml-cpp reports null-looking plain scalars (and empty nodes) as nulls.
  void expect_null(Mark mark) {
    const detail::StrictEvent& event = next(Kind::scalar, mark);
    if (!event.plain || !is_null_text(event.value)) throw Disagreement{mark};
  }

  // Returns libyaml's reading of the scalar, which decides its style.
  const detail::StrictEvent& expect_scalar(const std::string& value, Mark mark) {
    const detail::StrictEvent& event = next(Kind::scalar, mark);
    if (event.value != value) throw Disagreement{mark};
    return event;
  }

  bool all_seen() const { return position_ == events_.size(); }

 private:
  const detail::StrictEvent& next(Kind kind, Mark mark) {
    if (position_ >= events_.size() || events_[position_].kind != kind) throw Disagreement{mark};
    return events_[position_++];
  }

  const std::vector<detail::StrictEvent>& events_;
  std::size_t position_ = 0;
};

class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(LoadedDocument& out, StrictEvents& strict) : out_(out), strict_(strict) {}

  bool finished() const { return root_done_; }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    strict_.expect_null(to_mark(mark));
    complete(Node::null(to_mark(mark)), Size{1, 0, 0}, anchor);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    strict_.expect(StrictEvents::Kind::alias, to_mark(mark));
    if (over_budget_) {  // reported once already
      complete(Node::null(to_mark(mark)), Size{1, 0, 0}, YAML::NullAnchor);
      return;
    }
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) {
      // yaml-cpp knows the anchor but we do not: it is still being built.
      problem(to_mark(mark), "", "an alias refers to a node that contains it");
      complete(Node::null(to_mark(mark)), Size{1, 0, 0}, YAML::NullAnchor);
      return;
    }
    const auto& [anchored, size] = it->second;
    if (stack_.size() + size.height > kMaxDepth) {
      problem(to_mark(mark), next_child_path(),
              fmt::format("this alias nests collections more than {} levels deep", kMaxDepth));
      complete(Node::null(to_mark(mark)), Size{1, 0, 0}, YAML::NullAnchor);
      return;
    }
    if (!charge_copy(size, to_mark(mark))) {
      complete(Node::null(to_mark(mark)), Size{1, 0, 0}, YAML::NullAnchor);
      return;
    }
    complete(moved_to(anchored, to_mark(mark)), size, YAML::NullAnchor);
  }

  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                const std::string& value) override {
    const detail::StrictEvent& strict = strict_.expect_scalar(value, to_mark(mark));
    complete(Node::scalar(value, style_of(strict), to_mark(mark)), size_of_scalar(value), anchor);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    strict_.expect(StrictEvents::Kind::sequence_start, to_mark(mark));
    open(Node::sequence(to_mark(mark)), anchor);
  }
  void OnSequenceEnd() override {
    strict_.expect(StrictEvents::Kind::sequence_end, stack_.back().node.mark());
    close();
  }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    strict_.expect(StrictEvents::Kind::mapping_start, to_mark(mark));
    open(Node::mapping(to_mark(mark)), anchor);
  }
  void OnMapEnd() override {
    strict_.expect(StrictEvents::Kind::mapping_end, stack_.back().node.mark());
    close();
  }

 private:
  struct Frame {
    Node node;
    YAML::anchor_t anchor = YAML::NullAnchor;
    std::string path;
    std::optional<Node> pending_key;  // mappings: the key waiting for its value
    Size size{1, 0, 1};               // the collection itself, then what it holds
    // Mappings: where each scalar key was first written, so that a mapping
    // of many keys is checked for duplicates in linear time.
    std::unordered_map<std::string, Mark> key_marks;
  };

  struct Anchored {
    Node node;
    Size size;
  };

  void problem(Mark mark, std::string path, std::string message) {
    out_.problems.push_back(LoadProblem{mark, std::move(path), std::move(message)});
  }

  // Anchors and aliases both copy a node; their copies together stay under
  // the caps, so no small text can make us allocate much.
  bool charge_copy(const Size& size, Mark mark) {
    if (over_budget_) return false;
    copied_.nodes += size.nodes;
    copied_.bytes += size.bytes;
    if (copied_.nodes <= kMaxCopiedNodes && copied_.bytes <= kMaxCopiedBytes) return true;
    over_budget_ = true;
    problem(mark, "",
            fmt::format("anchors and aliases expand to more than {} nodes or {} MiB of text", kMaxCopiedNodes,
                        kMaxCopiedBytes >> 20));
    return false;
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
    if (stack_.size() >= kMaxDepth) throw Disagreement{node.mark()};  // libyaml let it through
    std::string path = next_child_path();
    stack_.push_back(Frame{std::move(node), anchor, std::move(path), std::nullopt, Size{1, 0, 1}, {}});
  }

  void close() {
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    // The values below were merged when they closed, and so were anchored
    // nodes before any alias copied them.
    if (frame.node.is_mapping()) detail::apply_merge_keys(frame.node, frame.path, out_.problems);
    complete(std::move(frame.node), frame.size, frame.anchor);
  }

  void complete(Node node, const Size& size, YAML::anchor_t anchor) {
    if (anchor != YAML::NullAnchor && charge_copy(size, node.mark())) anchors_[anchor] = Anchored{node, size};
    if (stack_.empty()) {
      out_.root = std::move(node);
      root_done_ = true;
      return;
    }
    Frame& top = stack_.back();
    top.size.nodes += size.nodes;
    top.size.bytes += size.bytes;
    top.size.height = std::max(top.size.height, size.height + 1);
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
      const auto [first, inserted] = frame.key_marks.try_emplace(key.text(), key.mark());
      if (!inserted) {
        problem(key.mark(), child_path(frame.path, key.text()),
                fmt::format("duplicate key '{}' (first defined at {}:{})", redact::excerpt(key.text()),
                            first->second.line, first->second.column));
        return;
      }
    }
    frame.node.add_entry(std::move(key), std::move(value));
  }

  LoadedDocument& out_;
  StrictEvents& strict_;
  std::vector<Frame> stack_;
  std::map<YAML::anchor_t, Anchored> anchors_;
  Size copied_;  // nodes and bytes copied for anchors and aliases so far
  bool over_budget_ = false;
  bool root_done_ = false;
};

// Counts what yaml-cpp finds after the first document, without keeping it.
class DocumentCounter : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

void syntax_problem(LoadedDocument& out, Mark mark, std::string message) {
  out.syntax_error = true;
  out.problems.push_back(LoadProblem{mark, "", std::move(message)});
}

// yaml-cpp builds the first document. It is called at most twice: once for
// that document and, when libyaml saw only one, once to confirm there is no
// other (yaml-cpp 0.7 can return "another document" forever on some text,
// upstream issue #1040, so it is never called in a loop).
void build_first_document(const std::string& text, const std::vector<detail::StrictEvent>& first_document,
                          LoadedDocument& out) {
  std::istringstream input(text);
  YAML::Parser parser(input);
  StrictEvents strict(first_document);
  TreeBuilder builder(out, strict);
  const bool found = parser.HandleNextDocument(builder);
  if (!found || !builder.finished() || !strict.all_seen()) {
    syntax_problem(out, out.document_starts.front(),
                   "yaml-cpp cannot read this document although libyaml can; simplify the YAML here");
    return;
  }
  if (out.document_count == 1) {
    DocumentCounter counter;
    if (parser.HandleNextDocument(counter)) {
      syntax_problem(out, Mark{}, "yaml-cpp reads more than one document here where libyaml reads one");
    }
  }
}

}  // namespace

LoadedDocument load(const std::string& text) {
  LoadedDocument out;
  try {
    detail::StrictReading strict = detail::read_strictly(text, kMaxDepth);
    out.document_count = strict.document_count;
    out.document_starts = std::move(strict.document_starts);
    if (strict.problem) {
      syntax_problem(out, strict.problem->mark, std::move(strict.problem->message));
      return out;
    }
    if (out.document_count == 0) return out;
    build_first_document(text, strict.first_document, out);
  } catch (const Disagreement& e) {
    // Found by fuzzing: e.g. a lone carriage return is a line break to
    // libyaml (and Helm) but not to yaml-cpp.
    syntax_problem(out, e.mark,
                   "libyaml and yaml-cpp read the YAML here differently (a lone carriage return, an unusual line "
                   "break or an odd construct); write it more plainly");
  } catch (const YAML::Exception& e) {
    syntax_problem(out, to_mark(e.mark), e.msg);
  } catch (const std::exception& e) {
    // yaml-cpp may also throw std exceptions (e.g. bad_alloc); never let
    // them escape.
    syntax_problem(out, Mark{}, e.what());
  }
  return out;
}

}  // namespace altinity_deploy::yaml
