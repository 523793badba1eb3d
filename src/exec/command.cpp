#include "altinity_deploy/exec/command.hpp"

#include <string_view>

#include "altinity_deploy/redact/redaction.hpp"

namespace altinity_deploy::exec {
namespace {

// Words made only of these characters mean the same to every POSIX shell
// unquoted, so logs stay readable for the common case.
bool needs_quoting(std::string_view word) {
  if (word.empty()) return true;
  for (char c : word) {
    const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      std::string_view("@%+=:,./_-").find(c) != std::string_view::npos;
    if (!safe) return true;
  }
  return false;
}

// Single quotes keep everything literal; a single quote itself is written as
// '\'' (close, escaped quote, reopen).
std::string shell_quote(std::string_view word) {
  if (!needs_quoting(word)) return std::string(word);
  std::string quoted = "'";
  for (char c : word) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  quoted += '\'';
  return quoted;
}

}  // namespace

std::string Command::display() const {
  std::string line;
  for (const auto& word : argv) {
    if (!line.empty()) line += ' ';
    // Printed only: a repository URL's password, a --password=... flag.
    line += shell_quote(redact::redact_text(word));
  }
  return line;
}

std::string CommandResult::err_tail(int lines) const {
  if (lines <= 0) return {};
  // Walk backwards collecting non-empty lines; stderr may use CRLF.
  std::vector<std::string_view> picked;
  std::string_view rest(err);
  while (!rest.empty() && static_cast<int>(picked.size()) < lines) {
    const auto newline = rest.find_last_of('\n');
    std::string_view line = newline == std::string_view::npos ? rest : rest.substr(newline + 1);
    rest = newline == std::string_view::npos ? std::string_view{} : rest.substr(0, newline);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
      line.remove_suffix(1);
    }
    if (!line.empty()) picked.push_back(line);
  }
  std::string tail;
  for (auto it = picked.rbegin(); it != picked.rend(); ++it) {
    if (!tail.empty()) tail += '\n';
    tail += *it;
  }
  return tail;
}

}  // namespace altinity_deploy::exec
