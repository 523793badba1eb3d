#include "altinity_deploy/core/shown_character.hpp"

#include <cstdint>

#include "altinity_deploy/core/escaped_text.hpp"

#include <fmt/format.h>

namespace altinity_deploy::core {

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
  if (lead == 0xE0 && byte(at + 1) < 0xA0) return 0;
  if (lead == 0xED && byte(at + 1) >= 0xA0) return 0;
  if (lead == 0xF0 && byte(at + 1) < 0x90) return 0;
  if (lead == 0xF4 && byte(at + 1) >= 0x90) return 0;
  return length;
}

char32_t utf8_decode(std::string_view sequence) {
  const auto byte = [&](std::size_t i) { return static_cast<char32_t>(static_cast<unsigned char>(sequence[i])); };
  switch (sequence.size()) {
    case 2: return ((byte(0) & 0x1F) << 6) | (byte(1) & 0x3F);
    case 3: return ((byte(0) & 0x0F) << 12) | ((byte(1) & 0x3F) << 6) | (byte(2) & 0x3F);
    default: return ((byte(0) & 0x07) << 18) | ((byte(1) & 0x3F) << 12) | ((byte(2) & 0x3F) << 6) | (byte(3) & 0x3F);
  }
}

namespace {

void append_escaped_byte(std::string& out, unsigned char c) {
  switch (c) {
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    default: out += fmt::format("\\x{:02x}", c);
  }
}

}  // namespace

bool is_invisible_code_point(char32_t c) {
  return (c >= 0x80 && c <= 0x9F) ||      // C1 controls: a terminal obeys U+009B (CSI) as it does ESC [
         c == 0xAD ||                      // soft hyphen
         c == 0x061C ||                    // Arabic letter mark
         c == 0x180E ||                    // Mongolian vowel separator
         (c >= 0x200B && c <= 0x200F) ||  // zero-width space, non-joiner, joiner; LRM, RLM
         (c >= 0x2028 && c <= 0x202E) ||  // line/paragraph separators; LRE, RLE, PDF, LRO, RLO
         (c >= 0x2060 && c <= 0x206F) ||  // word joiner, invisible operators; LRI, RLI, FSI, PDI; deprecated format
         c == 0xFEFF ||                    // zero-width no-break space (byte order mark)
         (c >= 0xFFF9 && c <= 0xFFFB) ||  // interlinear annotation
         (c >= 0xE0000 && c <= 0xE007F);   // tag characters
}

std::size_t append_shown_character(std::string& out, std::string_view text, std::size_t at, bool keep_newlines) {
  const auto c = static_cast<unsigned char>(text[at]);
  if ((c >= 0x20 && c < 0x7F) || (c == '\n' && keep_newlines)) {
    out += static_cast<char>(c);
    return 1;
  }
  if (c < 0x80) {
    append_escaped_byte(out, c);
    return 1;
  }
  const std::size_t length = utf8_length(text, at);
  if (length == 0) {
    append_escaped_byte(out, c);
    return 1;
  }
  const std::string_view sequence = text.substr(at, length);
  const char32_t code_point = utf8_decode(sequence);
  if (is_invisible_code_point(code_point)) {
    out += code_point > 0xFFFF ? fmt::format("\\U{:08x}", static_cast<std::uint32_t>(code_point))
                               : fmt::format("\\u{:04x}", static_cast<std::uint32_t>(code_point));
  } else {
    out.append(sequence);
  }
  return length;
}

std::string escape_json_invisibles(std::string_view json) {
  std::string out;
  out.reserve(json.size());
  for (std::size_t at = 0; at < json.size();) {
    const auto c = static_cast<unsigned char>(json[at]);
    if (c == '#' && json.substr(at, 3) == "##[") {
      out += "#\\u0023";  // the second '#'; the '[' follows as it is
      at += 2;
      continue;
    }
    const std::size_t length = c >= 0x80 ? utf8_length(json, at) : 0;
    const char32_t code_point = length > 0 ? utf8_decode(json.substr(at, length)) : c;
    if (c == 0x7F || (length > 0 && is_invisible_code_point(code_point))) {
      if (code_point > 0xFFFF) {
        const char32_t offset = code_point - 0x10000;
        out += fmt::format("\\u{:04x}\\u{:04x}", static_cast<std::uint32_t>(0xD800 + (offset >> 10)),
                           static_cast<std::uint32_t>(0xDC00 + (offset & 0x3FF)));
      } else {
        out += fmt::format("\\u{:04x}", static_cast<std::uint32_t>(code_point));
      }
      at += length > 0 ? length : 1;
      continue;
    }
    out += json[at++];
  }
  return out;
}

}  // namespace altinity_deploy::core
