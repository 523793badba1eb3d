// Kubernetes quantity grammar (k8s.io/apimachinery resource.Quantity):
//   [+] (digits [. digits] | . digits) [suffix]
//   suffix: Ki Mi Gi Ti Pi Ei | n u m "" k M G T P E | (e|E) [+|-] digits
// A '-' sign is valid Kubernetes but never a valid resource amount, so it is
// rejected here.
#include "altinity_deploy/manifest/quantity.hpp"

#include <array>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <string>

namespace altinity_deploy::manifest {

namespace {

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

struct Suffix {
  std::string_view text;
  long double factor;
};

constexpr std::array<Suffix, 15> kSuffixes = {{
    {"Ki", 0x1p10L}, {"Mi", 0x1p20L}, {"Gi", 0x1p30L}, {"Ti", 0x1p40L}, {"Pi", 0x1p50L},
    {"Ei", 0x1p60L}, {"n", 1e-9L},    {"u", 1e-6L},    {"m", 1e-3L},    {"k", 1e3L},
    {"M", 1e6L},     {"G", 1e9L},     {"T", 1e12L},    {"P", 1e15L},    {"E", 1e18L},
}};

// The decimal exponent form "e3", "E-2", "e+6"; nothing when `text` is not one.
std::optional<long double> exponent_factor(std::string_view text) {
  if (text.size() < 2 || (text[0] != 'e' && text[0] != 'E')) return std::nullopt;
  text.remove_prefix(1);
  bool negative = false;
  if (text[0] == '+' || text[0] == '-') {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  if (text.empty() || text.size() > 4) return std::nullopt;
  int exponent = 0;
  for (char c : text) {
    if (!is_digit(c)) return std::nullopt;
    exponent = exponent * 10 + (c - '0');
  }
  return std::pow(10.0L, static_cast<long double>(negative ? -exponent : exponent));
}

std::optional<long double> suffix_factor(std::string_view text) {
  if (text.empty()) return 1.0L;
  for (const Suffix& suffix : kSuffixes) {
    if (suffix.text == text) return suffix.factor;
  }
  return exponent_factor(text);
}

}  // namespace

std::optional<long double> parse_quantity(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  std::size_t i = 0;
  std::size_t digits = 0;
  for (; i < text.size() && is_digit(text[i]); ++i) ++digits;
  if (i < text.size() && text[i] == '.') {
    for (++i; i < text.size() && is_digit(text[i]); ++i) ++digits;
  }
  if (digits == 0) return std::nullopt;
  const std::optional<long double> factor = suffix_factor(text.substr(i));
  if (!factor) return std::nullopt;
  // strtold rounds the number once, which keeps 0.1 and 100m as close as
  // long double allows.
  const std::string number(text.substr(0, i));
  return std::strtold(number.c_str(), nullptr) * *factor;
}

bool same_quantity(std::string_view a, std::string_view b) {
  const auto x = parse_quantity(a);
  const auto y = parse_quantity(b);
  if (!x || !y) return false;
  // Both went through one decimal rounding; allow for that, nothing more.
  return std::fabs(*x - *y) <= 1e-15L * std::fmax(std::fabs(*x), std::fabs(*y));
}

}  // namespace altinity_deploy::manifest
