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
#include <string>

#include "altinity_deploy/yaml/scalar.hpp"
#include "altinity_deploy/yaml/yaml_tree.hpp"

namespace altinity_deploy::yaml {

namespace {

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

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Hand-written scanners rather than std::regex: libstdc++'s regex matcher
// recurses once per character and overflows the stack on a long scalar
// (~30,000 digits). Each takes one pass over the text.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  bool at_end() const { return pos_ == text_.size(); }
  bool take(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool take_sign() { return take('+') || take('-'); }
  bool take_exponent_mark() { return take('e') || take('E'); }
  // [0-9]*; true when at least one digit was taken.
  bool take_digits() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    return pos_ > start;
  }
  // [0-9](_?[0-9])*: Go's digits, a '_' only between two of them.
  bool take_underscored_digits() {
    if (pos_ >= text_.size() || !is_digit(text_[pos_])) return false;
    ++pos_;
    for (;;) {
      if (pos_ < text_.size() && is_digit(text_[pos_])) {
        ++pos_;
      } else if (pos_ + 1 < text_.size() && text_[pos_] == '_' && is_digit(text_[pos_ + 1])) {
        pos_ += 2;
      } else {
        return true;
      }
    }
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

// yaml.v2's yamlStyleFloat, [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?,
// then strconv.ParseFloat, which fails on overflow.
bool is_yaml_float(const std::string& s) {
  Scanner scan(s);
  scan.take_sign();
  if (scan.take('.')) {
    if (!scan.take_digits()) return false;
  } else {
    if (!scan.take_digits()) return false;
    if (scan.take('.')) scan.take_digits();
  }
  if (scan.take_exponent_mark()) {
    scan.take_sign();
    if (!scan.take_digits()) return false;
  }
  if (!scan.at_end()) return false;
  errno = 0;
  const double value = std::strtod(s.c_str(), nullptr);
  return !(errno == ERANGE && std::isinf(value));
}

// Text starting with '.' goes straight to strconv.ParseFloat (Go syntax, so
// '_' may separate digits): \.[0-9](_?[0-9])*([eE][-+]?[0-9](_?[0-9])*)?
bool is_go_dot_float(std::string_view s) {
  Scanner scan(s);
  if (!scan.take('.') || !scan.take_underscored_digits()) return false;
  if (scan.take_exponent_mark()) {
    scan.take_sign();
    if (!scan.take_underscored_digits()) return false;
  }
  return scan.at_end();
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
  if (yaml11_bool(text)) return PlainType::boolean;
  if (listed(kSpecialFloats, text)) return PlainType::number;
  const char first = text.front();
  if (first == '.') return is_go_dot_float(text) ? PlainType::number : PlainType::string;
  if (!std::isdigit(static_cast<unsigned char>(first)) && first != '+' && first != '-') return PlainType::string;
  std::string plain(text);
  plain.erase(std::remove(plain.begin(), plain.end(), '_'), plain.end());
  if (parse_go_integer(plain) || is_yaml_float(plain)) return PlainType::number;
  return PlainType::string;
}

}  // namespace altinity_deploy::yaml
