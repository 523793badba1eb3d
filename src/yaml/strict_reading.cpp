#include "strict_reading.hpp"

#include <algorithm>
#include <string>

#include <fmt/format.h>
#include <yaml.h>

namespace altinity_deploy::yaml::detail {
namespace {

Mark to_mark(const yaml_mark_t& mark) {
  return Mark{static_cast<int>(mark.line) + 1, static_cast<int>(mark.column) + 1};
}

// Reader errors (bad UTF-8, a control character) carry only a byte offset.
Mark mark_of_offset(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  const std::string_view before = text.substr(0, offset);
  const std::size_t line_start = before.rfind('\n');
  const auto line = static_cast<int>(std::count(before.begin(), before.end(), '\n'));
  const std::size_t column = line_start == std::string_view::npos ? offset : offset - line_start - 1;
  return Mark{line + 1, static_cast<int>(column) + 1};
}

// libyaml's words, e.g. "found unexpected end of stream, while scanning a
// quoted scalar that starts at 3:9". Never the text itself: it may hold a
// secret.
LoadProblem problem_of(const yaml_parser_t& parser, std::string_view text) {
  const char* problem = parser.problem != nullptr ? parser.problem : "the text is not valid YAML";
  if (parser.error == YAML_READER_ERROR) {
    return LoadProblem{mark_of_offset(text, parser.problem_offset), "",
                       fmt::format("{} (byte {} of the file)", problem, parser.problem_offset)};
  }
  if (parser.error == YAML_MEMORY_ERROR) return LoadProblem{Mark{}, "", "out of memory while reading the YAML"};
  std::string message = problem;
  if (parser.context != nullptr) {
    const Mark context = to_mark(parser.context_mark);
    message += fmt::format(", {} that starts at {}:{}", parser.context, context.line, context.column);
  }
  return LoadProblem{to_mark(parser.problem_mark), "", std::move(message)};
}

class Parser {
 public:
  explicit Parser(std::string_view text) {
    yaml_parser_initialize(&parser_);
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  }
  ~Parser() { yaml_parser_delete(&parser_); }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  yaml_parser_t& get() { return parser_; }

 private:
  yaml_parser_t parser_{};
};

class Event {
 public:
  Event() = default;
  ~Event() { yaml_event_delete(&event_); }
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;

  yaml_event_t* get() { return &event_; }

 private:
  yaml_event_t event_{};
};

void append_event(const yaml_event_t& e, std::vector<StrictEvent>& events) {
  using Kind = StrictEvent::Kind;
  const Mark mark = to_mark(e.start_mark);
  switch (e.type) {
    case YAML_SCALAR_EVENT: {
      const auto& scalar = e.data.scalar;
      const auto* tag = reinterpret_cast<const char*>(scalar.tag);
      events.push_back(StrictEvent{Kind::scalar, mark,
                                   std::string(reinterpret_cast<const char*>(scalar.value), scalar.length),
                                   scalar.style == YAML_PLAIN_SCALAR_STYLE && tag == nullptr,
                                   tag != nullptr ? std::string(tag) : std::string()});
      break;
    }
    case YAML_ALIAS_EVENT: events.push_back(StrictEvent{Kind::alias, mark, {}, false, {}}); break;
    case YAML_SEQUENCE_START_EVENT: events.push_back(StrictEvent{Kind::sequence_start, mark, {}, false, {}}); break;
    case YAML_SEQUENCE_END_EVENT: events.push_back(StrictEvent{Kind::sequence_end, mark, {}, false, {}}); break;
    case YAML_MAPPING_START_EVENT: events.push_back(StrictEvent{Kind::mapping_start, mark, {}, false, {}}); break;
    case YAML_MAPPING_END_EVENT: events.push_back(StrictEvent{Kind::mapping_end, mark, {}, false, {}}); break;
    default: break;
  }
}

}  // namespace

StrictReading read_strictly(std::string_view text, std::size_t max_depth) {
  StrictReading out;
  Parser parser(text);
  std::size_t depth = 0;
  // Each call consumes at least one token, and STREAM-END is always reached
  // or an error reported, so this ends on every input.
  for (;;) {
    Event event;
    if (yaml_parser_parse(&parser.get(), event.get()) == 0) {
      out.problem = problem_of(parser.get(), text);
      return out;
    }
    const yaml_event_t& e = *event.get();
    if (out.document_count == 1) append_event(e, out.first_document);
    switch (e.type) {
      case YAML_STREAM_END_EVENT:
        return out;
      case YAML_DOCUMENT_START_EVENT:
        ++out.document_count;
        out.document_starts.push_back(to_mark(e.start_mark));
        break;
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT:
        if (++depth > max_depth) {
          out.problem = LoadProblem{to_mark(e.start_mark), "",
                                    fmt::format("collections nest more than {} levels deep", max_depth)};
          return out;
        }
        break;
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT:
        --depth;
        break;
      default:
        break;
    }
  }
}

}  // namespace altinity_deploy::yaml::detail
