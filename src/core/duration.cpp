#include "altinity_deploy/core/duration.hpp"

#include <cctype>

namespace altinity_deploy::core {
namespace {

// The seconds in `text`, or why not. A number or a sum past kMaxDuration
// stops counting but not checking the syntax: "9000h" is too long,
// "9000x" is malformed.
std::optional<std::chrono::seconds> parse(std::string_view text, DurationProblem& problem) {
  problem = DurationProblem::malformed;
  long long total = 0;
  bool too_long = false;
  bool plain = true;  // digits only so far
  std::size_t at = 0;
  if (text.empty()) return std::nullopt;
  while (at < text.size()) {
    long long number = 0;
    const std::size_t start = at;
    // Each number is bounded before it is scaled: no overflow on 99999999999999999999h.
    while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at])) != 0) {
      if (!too_long) number = number * 10 + (text[at] - '0');
      if (number > kMaxDuration.count()) too_long = true;
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
    if (!too_long) total += number * scale;
    if (total > kMaxDuration.count()) too_long = true;
  }
  if (too_long) {
    problem = DurationProblem::too_long;
    return std::nullopt;
  }
  problem = DurationProblem::none;
  return std::chrono::seconds(total);
}

}  // namespace

std::optional<std::chrono::seconds> parse_duration(std::string_view text) {
  DurationProblem ignored = DurationProblem::none;
  return parse(text, ignored);
}

DurationProblem duration_problem(std::string_view text) {
  DurationProblem problem = DurationProblem::none;
  parse(text, problem);
  return problem;
}

}  // namespace altinity_deploy::core
