#include "argument_text.hpp"

#include <algorithm>
#include <cstdint>

#include <fmt/format.h>

#include "altinity_deploy/core/shown_character.hpp"
#include "altinity_deploy/redact/redaction.hpp"

namespace altinity_deploy::manifest {

namespace {

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7f; }
bool is_space_or_control(unsigned char c) { return c == ' ' || is_control(c); }
bool is_name_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == '-';
}

// "a space", "a newline", "'/'", "the byte 0x01": what was found, never the
// text around it.
std::string describe_char(unsigned char c) {
  switch (c) {
    case ' ': return "a space";
    case '\t': return "a tab";
    case '\n': return "a newline";
    case '\r': return "a carriage return";
    default: break;
  }
  if (is_control(c) || c >= 0x80) return fmt::format("the byte 0x{:02x}", c);
  return fmt::format("'{}'", static_cast<char>(c));
}

// What is wrong with the non-ASCII character at `at` (its length in
// `length`): not UTF-8, or one that is not seen or reorders what is seen
// (C1 and bidirectional controls, zero-width and other format characters),
// which no name, version, URL or context holds and which a terminal or a
// reader would take for something else.
std::optional<std::string> non_printing_problem(std::string_view text, std::size_t at, std::size_t& length) {
  length = core::utf8_length(text, at);
  if (length == 0) {
    length = 1;
    return fmt::format("the byte 0x{:02x}, which is not UTF-8", static_cast<unsigned char>(text[at]));
  }
  const char32_t code_point = core::utf8_decode(text.substr(at, length));
  if (!core::is_invisible_code_point(code_point)) return std::nullopt;
  return fmt::format("U+{:04X}, a control or invisible format character", static_cast<std::uint32_t>(code_point));
}

// The first character `allowed` refuses (bytes below 0x80), or the first
// non-printing one above (refused wherever control characters are).
template <class Allowed>
std::optional<std::string> first_disallowed(std::string_view text, Allowed allowed, std::string_view rule) {
  std::size_t position = 0;
  for (std::size_t i = 0; i < text.size(); ++position) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = 1;
    if (c >= 0x80) {
      if (auto problem = non_printing_problem(text, i, length)) {
        return fmt::format("contains {} at character {}; {}", *problem, position + 1, rule);
      }
    }
    if (!allowed(c)) return fmt::format("contains {} at character {}; {}", describe_char(c), position + 1, rule);
    i += length;
  }
  return std::nullopt;
}

// Far above any real name, version or URL; a longer one is a mistake (or an
// argv that the kernel refuses: "Argument list too long").
std::optional<std::string> too_long(std::string_view text, std::size_t limit) {
  if (text.size() <= limit) return std::nullopt;
  return fmt::format("is {} characters long; at most {} are allowed", text.size(), limit);
}

std::optional<std::string> leading_dash(std::string_view text, std::string_view what) {
  if (!text.empty() && text.front() == '-') {
    return fmt::format("must not start with '-': helm and kubectl would read {} as a flag", what);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> chart_name_problem(std::string_view name) {
  if (auto length = too_long(name, 250)) return length;
  if (auto dash = leading_dash(name, "the chart name")) return dash;
  if (!name.empty() && name.front() == '.') return std::string("must not start with '.'");
  return first_disallowed(name, is_name_char, "a chart name has only letters, digits, '.', '_' and '-'");
}

std::optional<std::string> chart_version_problem(std::string_view version) {
  if (auto length = too_long(version, 128)) return length;
  if (auto dash = leading_dash(version, "the version")) return dash;
  return first_disallowed(
      version, [](unsigned char c) { return !is_space_or_control(c); },
      "a version (or constraint such as '>=0.25.0') has no whitespace or control characters");
}

std::optional<std::string> chart_repo_problem(std::string_view url) {
  if (auto length = too_long(url, 2048)) return length;
  if (auto bad = first_disallowed(
          url, [](unsigned char c) { return !is_space_or_control(c); },
          "a repository URL has no whitespace or control characters")) {
    return bad;
  }
  const std::size_t scheme_end = url.find("://");
  const std::string_view rest = scheme_end == std::string_view::npos ? url : url.substr(scheme_end + 3);
  const std::string_view authority = rest.substr(0, rest.find('/'));
  if (authority.find('@') != std::string_view::npos) {
    return std::string(
        "must not carry credentials (user:password@): they would show in command lines and logs; "
        "log in with `helm repo add --username ...` or `helm registry login` instead");
  }
  // A token in the query string would reach every command line just the same.
  if (const std::size_t query = rest.find('?'); query != std::string_view::npos) {
    std::string_view params = rest.substr(query + 1);
    while (!params.empty()) {
      const std::string_view param = params.substr(0, params.find('&'));
      if (redact::is_secret_key(param.substr(0, param.find('=')))) {
        return std::string(
            "must not carry a secret in its query string: it would show in command lines and logs; log in "
            "with `helm repo add --username ...` or `helm registry login` instead");
      }
      params.remove_prefix(std::min(params.size(), param.size() + 1));
    }
  }
  return std::nullopt;
}

std::optional<std::string> credential_id_problem(std::string_view id) {
  if (auto length = too_long(id, 253)) return length;
  if (auto dash = leading_dash(id, "the id")) return dash;
  if (!id.empty() && id.front() == '.') {
    return std::string("must not start with '.': it names one file inside the credentials folder");
  }
  return first_disallowed(id, is_name_char,
                          "it names one file inside the credentials folder: use only letters, digits, '.', '_' "
                          "and '-'");
}

std::optional<std::string> context_name_problem(std::string_view name) {
  if (auto length = too_long(name, 253)) return length;
  if (auto dash = leading_dash(name, "the context")) return dash;
  return first_disallowed(
      name, [](unsigned char c) { return !is_control(c); }, "a kube context name has no control characters");
}

}  // namespace altinity_deploy::manifest
