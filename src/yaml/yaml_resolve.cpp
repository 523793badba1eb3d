// YAML 1.1 resolution of plain scalars, following Go's gopkg.in/yaml.v2
// (resolve.go), which Helm and kubectl use. The deployer keeps every scalar
// as text; this only tells whether those tools would read it as something
// other than a string.
#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <regex>
#include <string>

#include "altinity_deploy/yaml/yaml_tree.hpp"

namespace altinity_deploy::yaml {

namespace {

constexpr std::array kBooleans = {"y",  "Y",  "yes", "Yes", "YES", "true",  "True",  "TRUE",  "on",  "On",  "ON",
                                  "n",  "N",  "no",  "No",  "NO",  "false", "False", "FALSE", "off", "Off", "OFF"};
constexpr std::array kNulls = {"", "~", "null", "Null", "NULL"};
constexpr std::array kSpecialFloats = {".nan",  ".NaN",  ".NAN",  ".inf",  ".Inf",  ".INF",
                                       "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF"};

template <class List>
bool listed(const List& list, std::string_view text) {
  return std::find(list.begin(), list.end(), text) != list.end();
}

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 99;
}

// yaml.v2's yamlStyleFloat, then strconv.ParseFloat, which fails on overflow.
bool is_yaml_float(const std::string& s) {
  static const std::regex pattern(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
  if (!std::regex_match(s, pattern)) return false;
  errno = 0;
  const double value = std::strtod(s.c_str(), nullptr);
  return !(errno == ERANGE && std::isinf(value));
}

// Text starting with '.' goes straight to strconv.ParseFloat (Go syntax, so
// '_' may separate digits).
bool is_go_dot_float(const std::string& s) {
  static const std::regex pattern(R"(\.[0-9](_?[0-9])*([eE][-+]?[0-9](_?[0-9])*)?)");
  return std::regex_match(s, pattern);
}

}  // namespace

// Go's strconv.ParseInt(s, 0, 64), falling back to ParseUint for large
// unsigned values: sign, then 0x / 0o / 0b / leading-0 octal or decimal.
std::optional<GoInteger> parse_go_integer(std::string_view s) {
  bool negative = false;
  bool signed_text = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    signed_text = true;
    s.remove_prefix(1);
  }
  int base = 10;
  if (s.size() >= 2 && s[0] == '0') {
    const char p = static_cast<char>(std::tolower(static_cast<unsigned char>(s[1])));
    if (p == 'x' || p == 'o' || p == 'b') {
      base = p == 'x' ? 16 : (p == 'o' ? 8 : 2);
      s.remove_prefix(2);
    } else {
      base = 8;
      s.remove_prefix(1);
    }
  }
  if (s.empty()) return std::nullopt;
  // ParseUint takes no sign, so only unsigned text may reach 2^64 - 1.
  constexpr std::uint64_t two_63 = std::uint64_t{1} << 63;
  const std::uint64_t limit = negative ? two_63 : signed_text ? two_63 - 1 : UINT64_MAX;
  const auto radix = static_cast<std::uint64_t>(base);
  std::uint64_t value = 0;
  for (char c : s) {
    const int d = digit_value(c);
    if (d >= base) return std::nullopt;
    const auto digit = static_cast<std::uint64_t>(d);
    if (value > (limit - digit) / radix) return std::nullopt;
    value = value * radix + digit;
  }
  if (negative) return GoInteger{value == two_63 ? INT64_MIN : -static_cast<std::int64_t>(value)};
  if (value < two_63) return GoInteger{static_cast<std::int64_t>(value)};
  return GoInteger{value};
}

PlainType resolve_plain(std::string_view text) {
  if (listed(kNulls, text)) return PlainType::null;
  if (listed(kBooleans, text)) return PlainType::boolean;
  if (listed(kSpecialFloats, text)) return PlainType::number;
  const char first = text.front();
  if (first == '.') return is_go_dot_float(std::string(text)) ? PlainType::number : PlainType::string;
  if (!std::isdigit(static_cast<unsigned char>(first)) && first != '+' && first != '-') return PlainType::string;
  std::string plain(text);
  plain.erase(std::remove(plain.begin(), plain.end(), '_'), plain.end());
  if (parse_go_integer(plain) || is_yaml_float(plain)) return PlainType::number;
  return PlainType::string;
}

}  // namespace altinity_deploy::yaml
