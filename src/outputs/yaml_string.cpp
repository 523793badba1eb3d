#include "yaml_string.hpp"

#include <array>
#include <cctype>
#include <cstdio>

namespace altinity_deploy::outputs::detail {
namespace {

// Unicode line breaks in YAML 1.1 (NEL, LS, PS) with their escapes: left in a
// plain scalar they would split the line for a 1.1 reader. \u rather than
// \N \L \P: yaml-cpp decodes \N to a lone byte 0x85, not to UTF-8.
struct UnicodeBreak {
  std::string_view utf8;
  std::string_view escape;
};
constexpr std::array<UnicodeBreak, 3> kUnicodeBreaks{{
    {"\xC2\x85", "\\u0085"},
    {"\xE2\x80\xA8", "\\u2028"},
    {"\xE2\x80\xA9", "\\u2029"},
}};

bool is_control(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte < 0x20 || byte == 0x7F;
}

// Plain words YAML 1.1 or 1.2 resolves to null, a bool, or something else
// special (`=` is 1.1's "value" type, `<<` its merge key). Compared
// case-insensitively: quoting a harmless "nO" costs nothing.
bool is_reserved_word(std::string_view value) {
  static constexpr std::array<std::string_view, 12> kWords{"null", "~",  "true", "false", "yes", "no",
                                                           "y",    "n",  "on",   "off",   "=",   "<<"};
  if (value.size() > 5) return false;
  std::string lower;
  for (char c : value) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (auto word : kWords) {
    if (lower == word) return true;
  }
  return false;
}

// Anything that starts like a number: ints in every base, floats, .inf/.nan,
// 1.1's sexagesimal `1:30` and timestamps `2024-01-01T10:00:00Z` (which 1.1
// readers turn into dates). Versions like 0.25.3 get quoted too; harmless.
bool starts_like_number(std::string_view value) {
  if (!value.empty() && (value.front() == '+' || value.front() == '-')) value.remove_prefix(1);
  return !value.empty() && (std::isdigit(static_cast<unsigned char>(value.front())) || value.front() == '.');
}

bool needs_quotes(std::string_view value) {
  if (value.empty()) return true;
  if (value.front() == ' ' || value.back() == ' ') return true;
  // Indicators that would start something other than a plain scalar.
  if (std::string_view("-?:,[]{}#&*!|>'\"%@`").find(value.front()) != std::string_view::npos) return true;
  if (starts_like_number(value) || is_reserved_word(value)) return true;
  // ": " starts a mapping value, " #" a comment; a trailing ':' is a key.
  if (value.find(": ") != std::string_view::npos || value.find(" #") != std::string_view::npos) return true;
  if (value.back() == ':') return true;
  for (char c : value) {
    if (is_control(c)) return true;  // tabs, line breaks, escapes
  }
  for (const auto& line_break : kUnicodeBreaks) {
    if (value.find(line_break.utf8) != std::string_view::npos) return true;
  }
  return false;
}

std::string double_quoted(std::string_view value) {
  std::string quoted = "\"";
  for (size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    bool replaced = false;
    for (const auto& line_break : kUnicodeBreaks) {
      if (value.substr(i).starts_with(line_break.utf8)) {
        quoted += line_break.escape;
        i += line_break.utf8.size() - 1;
        replaced = true;
        break;
      }
    }
    if (replaced) continue;
    switch (c) {
      case '"': quoted += "\\\""; break;
      case '\\': quoted += "\\\\"; break;
      case '\n': quoted += "\\n"; break;
      case '\r': quoted += "\\r"; break;
      case '\t': quoted += "\\t"; break;
      default:
        if (is_control(c)) {
          std::array<char, 8> hex{};
          std::snprintf(hex.data(), hex.size(), "\\x%02X", static_cast<unsigned>(static_cast<unsigned char>(c)));
          quoted += hex.data();
        } else {
          quoted += c;
        }
    }
  }
  quoted += '"';
  return quoted;
}

}  // namespace

std::string yaml_string(std::string_view value) {
  return needs_quotes(value) ? double_quoted(value) : std::string(value);
}

}  // namespace altinity_deploy::outputs::detail
