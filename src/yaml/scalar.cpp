#include "altinity_deploy/yaml/scalar.hpp"

#include <array>
#include <cctype>

#include <fmt/format.h>

#include "altinity_deploy/core/escaped_text.hpp"

namespace altinity_deploy::yaml {
namespace {

// YAML 1.1's bool type (yaml.org/type/bool.html), as Go's yaml.v2 reads it.
constexpr std::array<std::string_view, 11> kTrueWords = {"y",    "Y",    "yes", "Yes", "YES", "true",
                                                         "True", "TRUE", "on",  "On",  "ON"};
constexpr std::array<std::string_view, 11> kFalseWords = {"n",     "N",     "no",  "No",  "NO", "false",
                                                          "False", "FALSE", "off", "Off", "OFF"};

// Characters that may not start a plain scalar.
constexpr std::string_view kIndicators = "-?:,[]{}#&*!|>'\"%@`";

bool has_line_break_or_bom(std::string_view text) {
  // U+0085, U+2028, U+2029 are line breaks to YAML 1.1; U+FEFF is a BOM.
  return text.find("\xC2\x85") != std::string_view::npos || text.find("\xE2\x80\xA8") != std::string_view::npos ||
         text.find("\xE2\x80\xA9") != std::string_view::npos || text.find("\xEF\xBB\xBF") != std::string_view::npos;
}

// Plain words some YAML version resolves to null, a bool, or something else
// special (`=` is 1.1's "value" type, `<<` its merge key). Compared
// case-insensitively: quoting a harmless "nO" costs nothing.
bool is_reserved_word(std::string_view value) {
  if (value.size() > 5) return false;
  std::string lower;
  for (char c : value) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (yaml11_bool(lower)) return true;
  for (std::string_view word : {"null", "~", "=", "<<"}) {
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

}  // namespace

std::optional<bool> yaml11_bool(std::string_view text) {
  for (auto word : kTrueWords) {
    if (text == word) return true;
  }
  for (auto word : kFalseWords) {
    if (text == word) return false;
  }
  return std::nullopt;
}

bool safe_as_plain(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) return false;
  }
  if (has_line_break_or_bom(text)) return false;
  if (text.front() == ' ' || text.back() == ' ') return false;
  const bool dash_then_text = text.front() == '-' && text.size() > 1 && text[1] != ' ';
  if (kIndicators.find(text.front()) != std::string_view::npos && !dash_then_text) return false;
  if (text.starts_with("---") || text.starts_with("...")) return false;
  if (text.back() == ':') return false;
  if (text.find(": ") != std::string_view::npos || text.find(" #") != std::string_view::npos) return false;
  // What the output rule would show escaped (a zero-width space as \u200b,
  // "##[" as "#\x23[", a line's leading "::" as "\x3a:") reads back as other
  // data in a plain scalar; in a double-quoted one those are YAML escapes of
  // the same characters.
  if (core::escape_controls(text) != text || text.find("##[") != std::string_view::npos ||
      text.starts_with("::")) {
    return false;
  }
  return true;
}

std::string double_quoted(std::string_view text) {
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; continue;
      case '\\': out += "\\\\"; continue;
      case '\n': out += "\\n"; continue;
      case '\t': out += "\\t"; continue;
      case '\r': out += "\\r"; continue;
      default: break;
    }
    // \u rather than \N \L \P: yaml-cpp decodes \N to a lone byte 0x85, not to UTF-8.
    if (byte < 0x20 || byte == 0x7F) {
      out += fmt::format("\\x{:02X}", byte);
    } else if (text.substr(i, 2) == "\xC2\x85") {
      out += "\\u0085";
      i += 1;
    } else if (text.substr(i, 3) == "\xE2\x80\xA8" || text.substr(i, 3) == "\xE2\x80\xA9") {
      out += text[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else if (text.substr(i, 3) == "\xEF\xBB\xBF") {
      out += "\\uFEFF";
      i += 2;
    } else {
      out += c;
    }
  }
  out += '"';
  return out;
}

std::string string_scalar(std::string_view text) {
  // Stricter than safe_as_plain: a value led by any indicator ("-dash") is quoted too; the status
  // block is read by people and by every kind of YAML tool.
  const bool plain = safe_as_plain(text) && kIndicators.find(text.front()) == std::string_view::npos &&
                     !starts_like_number(text) && !is_reserved_word(text);
  return plain ? std::string(text) : double_quoted(text);
}

}  // namespace altinity_deploy::yaml
