// User text inside messages: short, redacted, and unable to drive the
// terminal (no escape sequences, no bidirectional overrides, no invalid
// UTF-8).
#include <fmt/format.h>

#include "altinity_deploy/redact/redaction.hpp"
#include "redact_passes.hpp"

namespace altinity_deploy::redact {
namespace {

// Text longer than this is cut before it is redacted, so that a 2 MB line
// costs no more than a short one. Long enough for any URL or assignment that
// could straddle the cut of an excerpt.
constexpr std::size_t kReadAtMost = 64 * 1024;
constexpr std::string_view kEllipsis = "…";

// The length of the valid UTF-8 sequence at `at`, or 0.
std::size_t utf8_length(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  std::size_t length = 0;
  if (lead >= 0xC2 && lead <= 0xDF) length = 2;
  if (lead >= 0xE0 && lead <= 0xEF) length = 3;
  if (lead >= 0xF0 && lead <= 0xF4) length = 4;
  if (length == 0 || at + length > text.size()) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(at + i) & 0xC0) != 0x80) return 0;
  }
  // Overlong forms, surrogates and code points past U+10FFFF.
  if (lead == 0xE0 && byte(at + 1) < 0xA0) return 0;
  if (lead == 0xED && byte(at + 1) >= 0xA0) return 0;
  if (lead == 0xF0 && byte(at + 1) < 0x90) return 0;
  if (lead == 0xF4 && byte(at + 1) >= 0x90) return 0;
  return length;
}

// C1 controls (U+0080..U+009F: 0xC2 0x80..0x9F) act on terminals as ESC
// sequences do; bidirectional overrides and isolates reorder what is shown.
bool is_invisible_control(std::string_view sequence) {
  if (sequence.size() == 2) return static_cast<unsigned char>(sequence[0]) == 0xC2 &&
                                    static_cast<unsigned char>(sequence[1]) < 0xA0;
  if (sequence.size() != 3 || static_cast<unsigned char>(sequence[0]) != 0xE2) return false;
  const auto second = static_cast<unsigned char>(sequence[1]);
  const auto third = static_cast<unsigned char>(sequence[2]);
  return (second == 0x80 && third >= 0xAA && third <= 0xAE) || (second == 0x81 && third >= 0xA6 && third <= 0xA9) ||
         (second == 0x80 && (third == 0xA8 || third == 0xA9));  // line and paragraph separators
}

std::string escaped_byte(unsigned char c) {
  switch (c) {
    case '\n': return "\\n";
    case '\r': return "\\r";
    case '\t': return "\\t";
    default: return fmt::format("\\x{:02x}", c);
  }
}

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
    const auto c = static_cast<unsigned char>(text[at]);
    if (c >= 0x20 && c < 0x7F) {
      out += text[at++];
    } else if (c == '\n' && keep_newlines) {
      out += text[at++];
    } else if (c < 0x80) {
      out += escaped_byte(c);
      ++at;
    } else if (const std::size_t length = utf8_length(text, at); length == 0) {
      out += escaped_byte(c);
      ++at;
    } else {
      const std::string_view sequence = text.substr(at, length);
      if (is_invisible_control(sequence)) {
        for (char byte : sequence) out += escaped_byte(static_cast<unsigned char>(byte));
      } else {
        out.append(sequence);
      }
      at += length;
    }
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
