// User text inside messages: short, redacted, and unable to drive the
// terminal (no escape sequences, no bidirectional overrides, no invalid
// UTF-8).
#include "altinity_deploy/core/shown_character.hpp"
#include "altinity_deploy/redact/redaction.hpp"
#include "redact_passes.hpp"

namespace altinity_deploy::redact {
namespace {

// Text longer than this is cut before it is redacted, so that a 2 MB line
// costs no more than a short one. Long enough for any URL or assignment that
// could straddle the cut of an excerpt.
constexpr std::size_t kReadAtMost = 64 * 1024;
constexpr std::string_view kEllipsis = "…";

// `text` made printable, at most `limit` characters (an escape counts as
// one); true in `cut` when something was left out.
std::string printable(std::string_view text, std::size_t limit, bool keep_newlines, bool& cut) {
  std::string out;
  std::size_t shown = 0;
  cut = false;
  for (std::size_t at = 0; at < text.size();) {
    if (shown == limit) {
      cut = true;
      break;
    }
    at += core::append_shown_character(out, text, at, keep_newlines);
    ++shown;
  }
  return out;
}

}  // namespace

std::string excerpt(std::string_view text, std::size_t limit) {
  const std::size_t newline = text.find_first_of("\r\n");
  std::string_view first_line = text.substr(0, newline);
  bool cut = first_line.size() < text.size();
  if (first_line.size() > kReadAtMost) first_line = first_line.substr(0, kReadAtMost);
  bool cut_here = false;
  std::string out = printable(redact_text(first_line), limit, false, cut_here);
  if (cut || cut_here) out += kEllipsis;
  return out;
}

std::string safe_message(std::string_view message, std::size_t limit) {
  const bool long_input = message.size() > kReadAtMost;
  if (long_input) message = message.substr(0, kReadAtMost);
  bool cut = false;
  std::string out = printable(redact_embedded(message), limit, true, cut);
  if (cut || long_input) out += kEllipsis;
  return out;
}

}  // namespace altinity_deploy::redact
