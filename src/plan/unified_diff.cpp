// plan --diff full: a unified diff of an object's masked YAML before and
// after (object_changes.hpp). Lines are matched by a longest common
// subsequence after the common head and tail are set aside, which keeps the
// table small for the release's objects (a few hundred lines each).
#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "altinity_deploy/plan/object_changes.hpp"

namespace altinity_deploy::plan {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

struct Line {
  char sign;  // ' ', '-', '+'
  std::string text;
  size_t old_line;  // 1-based numbers of the line on each side, for the hunk headers
  size_t new_line;
};

std::vector<Line> edit_script(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  size_t head = 0;
  while (head < a.size() && head < b.size() && a[head] == b[head]) ++head;
  size_t tail = 0;
  while (tail < a.size() - head && tail < b.size() - head && a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) ++tail;
  const size_t n = a.size() - head - tail;
  const size_t m = b.size() - head - tail;
  std::vector<std::vector<unsigned>> lcs(n + 1, std::vector<unsigned>(m + 1, 0));
  for (size_t i = n; i-- > 0;) {
    for (size_t j = m; j-- > 0;) {
      lcs[i][j] = a[head + i] == b[head + j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  std::vector<Line> script;
  for (size_t k = 0; k < head; ++k) script.push_back({' ', a[k], k + 1, k + 1});
  size_t i = 0;
  size_t j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[head + i] == b[head + j]) {
      script.push_back({' ', a[head + i], head + i + 1, head + j + 1});
      ++i;
      ++j;
    } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      script.push_back({'-', a[head + i], head + i + 1, head + j + 1});
      ++i;
    } else {
      script.push_back({'+', b[head + j], head + i + 1, head + j + 1});
      ++j;
    }
  }
  for (size_t k = 0; k < tail; ++k) {
    script.push_back({' ', a[head + n + k], head + n + k + 1, head + m + k + 1});
  }
  return script;
}

}  // namespace

std::string unified_diff(const std::string& before, const std::string& after, const std::string& label,
                         int context) {
  if (before == after) return {};
  const auto script = edit_script(lines_of(before), lines_of(after));
  std::string out = fmt::format("--- {} (now)\n+++ {} (after up)\n", label, label);
  const size_t reach = static_cast<size_t>(std::max(context, 0));
  size_t k = 0;
  while (k < script.size()) {
    if (script[k].sign == ' ') {
      ++k;
      continue;
    }
    // A hunk: from `reach` lines before this change to `reach` lines after
    // the last change that is at most 2 * reach lines further.
    const size_t begin = k >= reach ? k - reach : 0;
    size_t end = k;
    size_t last = k;
    while (end < script.size() && end <= last + 2 * reach) {
      if (script[end].sign != ' ') last = end;
      ++end;
    }
    end = std::min(script.size(), last + reach + 1);
    size_t old_count = 0;
    size_t new_count = 0;
    for (size_t x = begin; x < end; ++x) {
      if (script[x].sign != '+') ++old_count;
      if (script[x].sign != '-') ++new_count;
    }
    const size_t old_start = old_count == 0 ? script[begin].old_line - 1 : script[begin].old_line;
    const size_t new_start = new_count == 0 ? script[begin].new_line - 1 : script[begin].new_line;
    out += fmt::format("@@ -{},{} +{},{} @@\n", old_start, old_count, new_start, new_count);
    for (size_t x = begin; x < end; ++x) out += fmt::format("{}{}\n", script[x].sign, script[x].text);
    k = end;
  }
  return out;
}

}  // namespace altinity_deploy::plan
