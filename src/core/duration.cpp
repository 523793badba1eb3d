#include "altinity_deploy/core/duration.hpp"

#include <cctype>

namespace altinity_deploy::core {

std::optional<std::chrono::seconds> parse_duration(std::string_view text) {
  long long total = 0;
  bool plain = true;  // digits only so far
  std::size_t at = 0;
  if (text.empty()) return std::nullopt;
  while (at < text.size()) {
    long long number = 0;
    const std::size_t start = at;
    // Each number is bounded before it is scaled: no overflow on 99999999999999999999h.
    while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at])) != 0) {
      number = number * 10 + (text[at] - '0');
      if (number > kMaxDuration.count()) return std::nullopt;
      ++at;
    }
    if (at == start) return std::nullopt;
    long long scale = 1;
    if (at == text.size() && plain) {
      scale = 1;
    } else if (at < text.size() && text[at] == 'h') {
      scale = 3600;
    } else if (at < text.size() && text[at] == 'm' && (at + 1 == text.size() || text[at + 1] != 's')) {
      scale = 60;
    } else if (at < text.size() && text[at] == 's') {
      scale = 1;
    } else {
      return std::nullopt;
    }
    if (at < text.size()) {
      ++at;
      plain = false;
    }
    total += number * scale;
    if (total > kMaxDuration.count()) return std::nullopt;
  }
  return std::chrono::seconds(total);
}

}  // namespace altinity_deploy::core
