#include "change_colour.hpp"

#include <algorithm>
#include <string_view>

namespace altinity_deploy::cli {

using core::escaped_format;
using core::EscapedText;

EscapedText colour_changes(const EscapedText& escaped) {
  const std::string& text = escaped.str();
  EscapedText out;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t end = std::min(text.find('\n', at), text.size());
    const std::string_view line = std::string_view(text).substr(at, end - at);
    const std::size_t start = line.find_first_not_of(' ');
    const char sign = start != std::string_view::npos && start + 1 < line.size() && line[start + 1] == ' '
                          ? line[start] : '\0';
    const EscapedText indent = escaped.substr(at, start == std::string_view::npos ? 0 : start);
    const EscapedText rest = escaped.substr(at + indent.str().size(), line.size() - indent.str().size());
    switch (sign) {
      case '+': out += escaped_format("{}\033[32m{}\033[0m", indent, rest); break;
      case '~': out += escaped_format("{}\033[33m{}\033[0m", indent, rest); break;
      case '-':
      case '!': out += escaped_format("{}\033[31m{}\033[0m", indent, rest); break;
      default: out += escaped.substr(at, line.size());
    }
    if (end < text.size()) out += escaped_format("\n");
    at = end + 1;
  }
  return out;
}

}  // namespace altinity_deploy::cli
