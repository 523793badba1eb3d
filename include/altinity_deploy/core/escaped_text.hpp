#pragma once
// The one output rule: text that did not come from the program itself (file
// names, manifest keys and values, labels, cluster text, a tool's stderr) is
// data, never a command. It reaches a printer only as EscapedText, whose
// only makers escape it, so a terminal cannot be driven by an ESC or OSC
// sequence in it and GitHub Actions cannot read a workflow command from it.
// The printers (log lines, the status line, stdout text, the fleet's lines)
// take EscapedText alone: handing them a std::string does not compile
// (tests/compile_fail shows it).
//
// Shown visibly: C0 controls (\n, \r, \t, \x1b, ...), DEL (\x7f), C1
// controls (\u0085, \u009b, ...), bidirectional controls (\u202e, \u2066,
// ...), other invisible format characters (zero-width spaces and joiners,
// word joiner, byte order mark, line and paragraph separators, soft hyphen)
// and bytes that are not UTF-8 (\xff). A backslash stays as it is: escaping
// is for the screen, not a format to decode.
#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace altinity_deploy::core {

// `text` with every character above shown visibly; with `keep_newlines`
// a "\n" stays a line break (a tool's stderr, an error message of many
// lines) and the rest is escaped.
std::string escape_controls(std::string_view text, bool keep_newlines = false);

// A JSON document's text with what its encoder leaves raw and a terminal or
// GitHub's runner would obey written as JSON escapes (DEL, C1 and
// bidirectional controls, invisible format characters as \uXXXX; "##[" as
// "#\u0023["): the same data, still valid JSON, as those only occur
// inside strings.
std::string escape_json_invisibles(std::string_view json);

// Text fit for a printer.
class EscapedText {
 public:
  EscapedText() = default;

  // The text, for composing: into another escaped_format's arguments, into
  // JSON (which has its own escaping), into a test's expectation.
  const std::string& str() const { return text_; }
  bool empty() const { return text_.empty(); }

  // The bytes a printer writes: str() with every line that would start,
  // after spaces (GitHub's runner trims them), with "::" shown as "\x3a:",
  // and "##[" (the runner's older command form, read anywhere in a line)
  // as "#\x23[". The text's own lines and the outside text composed into
  // them are all covered, so no line reads as a workflow command unless a
  // printer of annotations (cli/show_diagnostics) wrote it.
  std::string printable() const;

  EscapedText& operator+=(const EscapedText& more) {
    text_ += more.text_;
    return *this;
  }
  friend EscapedText operator+(EscapedText left, const EscapedText& right) { return left += right; }
  friend bool operator==(const EscapedText&, const EscapedText&) = default;

  // The lines of the text ("\n" removed), each still escaped.
  std::vector<EscapedText> lines() const;
  // A part of the text, still escaped; cut it where str() has an ASCII
  // character (an escape is ASCII; a UTF-8 sequence cut in two is not text).
  EscapedText substr(std::size_t from, std::size_t count = std::string::npos) const {
    return EscapedText(text_.substr(from, count));
  }

 private:
  explicit EscapedText(std::string text) : text_(std::move(text)) {}
  std::string text_;

  friend EscapedText escaped(std::string_view outside);
  friend EscapedText escaped_lines(std::string_view outside);
  friend EscapedText detail_escaped_vformat(fmt::string_view format, fmt::format_args args);
};

// Outside text as one line: every control escaped, "\n" too.
EscapedText escaped(std::string_view outside);
// Outside text of many lines (a tool's stderr): its line breaks kept, every
// other control escaped. printable() still guards each line's start.
EscapedText escaped_lines(std::string_view outside);

namespace detail {
// What an argument of escaped_format becomes: EscapedText as it is, a
// number as it is, anything else (a string, a path, a char) formatted and
// escaped as one line.
template <class T>
auto shown_arg(const T& arg) {
  using Plain = std::remove_cvref_t<T>;
  if constexpr (std::is_same_v<Plain, EscapedText>) {
    return std::string_view(arg.str());
  } else if constexpr (std::is_arithmetic_v<Plain> && !std::is_same_v<Plain, char>) {
    return arg;
  } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
    return escape_controls(std::string_view(arg));
  } else {
    return escape_controls(fmt::format("{}", arg));
  }
}
template <class T>
using shown_arg_t = decltype(shown_arg(std::declval<const T&>()));
}  // namespace detail

// The format string is the program's own text (a literal: fmt checks it at
// compile time); every argument is escaped as one line unless it is
// EscapedText already.
template <class... Args>
using escaped_format_string = fmt::format_string<detail::shown_arg_t<Args>...>;

// escaped_format's work, once its arguments are escaped. Not for calling
// with a format string of outside text: that is what escaped() is for.
EscapedText detail_escaped_vformat(fmt::string_view format, fmt::format_args args);

template <class... Args>
EscapedText escaped_format(escaped_format_string<Args...> format, Args&&... args) {
  return detail_escaped_vformat(format, fmt::make_format_args(detail::shown_arg(args)...));
}

}  // namespace altinity_deploy::core
