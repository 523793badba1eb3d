// Secrets inside one string: PEM private keys, XML elements, YAML text (see
// redact_yaml_text.cpp), `key=value` assignments and URL passwords. Each
// pass is a linear scan with no backtracking, so no input makes it slow;
// each leaves "<redacted>" as it is, so applying them twice changes nothing.
#include <functional>
#include <set>
#include <string>

#include "altinity_deploy/redact/redaction.hpp"
#include "redact_passes.hpp"

namespace altinity_deploy::redact {
namespace {

constexpr std::string_view kPemBegin = "-----BEGIN ";
constexpr std::string_view kPemEnd = "-----END ";
constexpr std::string_view kPemDashes = "-----";

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
         c == '.' || c == ':';
}

// The body of every "-----BEGIN ... PRIVATE KEY-----" block (RSA, EC,
// OPENSSH, ENCRYPTED, PGP ... BLOCK); to the end of the text when it has
// no END line. Certificates and public keys stay.
std::string redact_pem(std::string_view text) {
  std::string out;
  std::size_t at = 0;
  while (true) {
    const std::size_t begin = text.find(kPemBegin, at);
    if (begin == std::string_view::npos) break;
    const std::size_t label_end = text.find(kPemDashes, begin + kPemBegin.size());
    if (label_end == std::string_view::npos) break;
    const std::string_view label = text.substr(begin + kPemBegin.size(), label_end - begin - kPemBegin.size());
    const std::size_t body = label_end + kPemDashes.size();
    out.append(text.substr(at, body - at));
    if (label.find("PRIVATE KEY") == std::string_view::npos) {
      at = body;
      continue;
    }
    const std::size_t end = text.find(kPemEnd, body);
    out += kRedacted;
    if (end == std::string_view::npos) return out;
    at = end;
  }
  out.append(text.substr(at));
  return out;
}

// <password>x</password>, <password_sha256_hex>..</password_sha256_hex>,
// <secret_access_key>..: the content of any element with a secret-like name.
std::string redact_xml_elements(std::string_view text) {
  std::string out;
  std::size_t at = 0;
  std::size_t scan = 0;
  // Names with no closing tag further on: asked once each, so that many
  // unclosed <password> tags cost no more than one.
  std::set<std::string, std::less<>> unclosed;
  while (true) {
    const std::size_t open = text.find('<', scan);
    if (open == std::string_view::npos) break;
    std::size_t name_end = open + 1;
    while (name_end < text.size() && is_name_char(text[name_end])) ++name_end;
    const std::string_view name = text.substr(open + 1, name_end - open - 1);
    scan = name_end;
    if (name.empty() || !is_secret_key(name)) continue;
    const std::size_t close = text.find('>', name_end);
    if (close == std::string_view::npos) break;  // no tag ends after this one either
    if (text[close - 1] == '/') {
      scan = close + 1;
      continue;
    }
    std::size_t end = std::string_view::npos;
    if (!unclosed.contains(name)) {
      end = text.find("</" + std::string(name), close + 1);
      if (end == std::string_view::npos) unclosed.emplace(name);
    }
    if (end == std::string_view::npos) end = text.find('<', close + 1);  // unclosed: up to the next tag
    out.append(text.substr(at, close + 1 - at));
    out += kRedacted;
    at = end == std::string_view::npos ? text.size() : end;
    scan = at;
  }
  out.append(text.substr(at));
  return out;
}

// The characters of a name in `name=value` or `name: value` (no ':', which
// separates).
bool is_key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
         c == '.' || c == '/';
}

bool ends_unquoted_value(char c) {
  return c == '\n' || c == '\r' || c == '&' || c == ';' || c == ',' || c == '}' || c == ']' || c == ')' ||
         c == '"' || c == '\'';
}

// Where a value starting at `at` ends: at its closing quote, or (unquoted)
// at the end of the line or a separator. "Authorization: Bearer x" hides
// "Bearer x" whole.
std::size_t value_end(std::string_view text, std::size_t at) {
  if (at < text.size() && (text[at] == '"' || text[at] == '\'')) {
    const char quote = text[at];
    for (std::size_t i = at + 1; i < text.size(); ++i) {
      if (text[i] == '\\' && quote == '"') {
        ++i;
      } else if (text[i] == quote || text[i] == '\n') {
        return i + 1;
      }
    }
    return text.size();
  }
  std::size_t end = at;
  while (end < text.size() && !ends_unquoted_value(text[end])) ++end;
  return end;
}

// password=x, --token=x, PGPASSWORD=x, and with `colons` also
// "apiKey": "x" and secret: x: the value after a secret-like name and '='
// or ':' (a ':' only when a space or a quote follows, so that URLs and times
// stay).
std::string redact_assignments(std::string_view text, bool colons) {
  std::string out;
  std::size_t at = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!is_key_char(text[i])) {
      ++i;
      continue;
    }
    const std::size_t key_begin = i;
    while (i < text.size() && is_key_char(text[i])) ++i;
    const std::string_view key = text.substr(key_begin, i - key_begin);
    std::size_t j = i;
    if (j < text.size() && (text[j] == '"' || text[j] == '\'')) ++j;
    while (j < text.size() && text[j] == ' ') ++j;
    if (j >= text.size() || (text[j] != '=' && (text[j] != ':' || !colons))) continue;
    const bool colon = text[j] == ':';
    ++j;
    if (colon && j < text.size() && text[j] != ' ' && text[j] != '\t' && text[j] != '"' && text[j] != '\'') continue;
    while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) ++j;
    if (!is_secret_key(key)) continue;
    const std::size_t end = value_end(text, j);
    if (end == j) continue;  // "password:" ends the line: a YAML key whose value follows
    const bool quoted = text[j] == '"' || text[j] == '\'';
    const bool closed = quoted && end - j >= 2 && text[end - 1] == text[j];
    out.append(text.substr(at, j - at));
    if (quoted) out += text[j];
    out += kRedacted;
    if (closed) out += text[j];
    at = end;
    i = end;
  }
  out.append(text.substr(at));
  return out;
}

bool is_scheme_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-' ||
         c == '.';
}

bool ends_authority(char c) {
  return c == '/' || c == '?' || c == '#' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' ||
         c == '\'' || c == '<' || c == '>' || c == ',' || c == ';';
}

// scheme://user:PASS@host -> scheme://user:<redacted>@host.
std::string redact_url_passwords(std::string_view text) {
  std::string out;
  std::size_t at = 0;
  std::size_t scan = 0;
  while (true) {
    const std::size_t sep = text.find("://", scan);
    if (sep == std::string_view::npos) break;
    scan = sep + 3;
    if (sep == 0 || !is_scheme_char(text[sep - 1])) continue;
    std::size_t end = scan;
    while (end < text.size() && !ends_authority(text[end])) ++end;
    const std::string_view authority = text.substr(scan, end - scan);
    const std::size_t at_sign = authority.rfind('@');
    if (at_sign == std::string_view::npos) continue;
    const std::size_t colon = authority.find(':');
    if (colon == std::string_view::npos || colon > at_sign) continue;
    out.append(text.substr(at, scan + colon + 1 - at));
    out += kRedacted;
    at = scan + at_sign;
    scan = end;
  }
  out.append(text.substr(at));
  return out;
}

}  // namespace

// "kind: Secret" in flow or JSON style ({kind: Secret, data: {...}} or
// {"kind":"Secret",...}), which the line-by-line YAML pass cannot take
// apart: such text is hidden whole. One scan for "kind", each match looked
// at once: linear.
static bool holds_flow_secret(std::string_view text) {
  if (text.find('{') == std::string_view::npos) return false;
  auto skip = [&](std::size_t at, std::string_view chars) {
    while (at < text.size() && chars.find(text[at]) != std::string_view::npos) ++at;
    return at;
  };
  for (std::size_t at = text.find("kind"); at != std::string_view::npos; at = text.find("kind", at + 1)) {
    // Flow style only: the key follows '{' or ',' (block style starts a line,
    // and the YAML pass handles it).
    std::size_t before = at;
    while (before > 0 && std::string_view("\"' \t").find(text[before - 1]) != std::string_view::npos) --before;
    if (before == 0 || (text[before - 1] != '{' && text[before - 1] != ',')) continue;
    std::size_t next = skip(at + 4, "\"' \t");
    if (next >= text.size() || text[next] != ':') continue;
    next = skip(next + 1, "\"' \t");
    if (text.substr(next, 6) != "Secret") continue;
    const std::size_t after = next + 6;
    if (after == text.size() || std::string_view("\"', }\t\r\n").find(text[after]) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

std::string redact_text(std::string_view text) {
  if (holds_flow_secret(text)) return std::string(kRedacted);
  std::string out = redact_pem(text);
  out = redact_xml_elements(out);
  out = redact_yaml_text(out);
  out = redact_assignments(out, true);
  return redact_url_passwords(out);
}

std::string redact_embedded(std::string_view text) {
  std::string out = redact_pem(text);
  out = redact_xml_elements(out);
  out = redact_assignments(out, false);
  return redact_url_passwords(out);
}

}  // namespace altinity_deploy::redact
