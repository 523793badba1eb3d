#include "altinity_deploy/manifest/spelling.hpp"

#include <algorithm>
#include <cctype>

namespace altinity_deploy::manifest {

namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

}  // namespace

std::string to_snake_case(std::string_view camel) {
  // An acronym is one word, as protoc names it: createCRD -> create_crd.
  const auto upper = [](char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; };
  std::string out;
  for (std::size_t i = 0; i < camel.size(); ++i) {
    const char c = camel[i];
    if (upper(c) && i > 0) {
      const bool after_word = !upper(camel[i - 1]);
      const bool acronym_ends = i + 1 < camel.size() && !upper(camel[i + 1]) && camel[i + 1] != '_';
      if (after_word || acronym_ends) out += '_';
    }
    out += upper(c) ? lower(c) : c;
  }
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // d[i][j]: distance between the first i chars of a and the first j of b.
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1])) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

std::optional<std::string> nearest(std::string_view typo, const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const std::string& candidate : candidates) {
    // Two edits change the length by at most two; skipping the rest keeps a
    // huge unknown key (megabytes) from costing a huge distance table.
    const std::size_t longer = std::max(typo.size(), candidate.size());
    if (longer - std::min(typo.size(), candidate.size()) > 2) continue;
    const std::size_t distance = edit_distance(typo, candidate);
    if (!best || distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  // Close means at most two edits, and no more than a third of the word:
  // "nme" -> "name" is a typo, "xy" -> "id" is a different word.
  const std::size_t length = std::max<std::size_t>(typo.size(), 3);
  if (!best || best_distance > 2 || best_distance * 3 > length) return std::nullopt;
  return best;
}

}  // namespace altinity_deploy::manifest
