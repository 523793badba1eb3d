#pragma once
// The one redaction policy of every printer: `render`'s values, each line of
// `plan` (old and new), `up`, every `-o json` document, the `-v` command
// log and error messages. docs/secrets.md lists the rules; the words are in
// src/redact/secret_keys.cpp.
//
// Redaction is for what is shown only. The values file helm reads keeps
// every value as written.
#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace altinity_deploy::redact {

// What a hidden value is shown as.
inline constexpr std::string_view kRedacted = "<redacted>";
// Stands for a value the deployer makes itself when it deploys (the
// operator's password): it holds no secret, so it is shown even where
// values are hidden.
inline constexpr std::string_view kGenerated = "<generated>";

// True for a key (or an environment variable's name) whose value must never
// be shown: password, pwd, passphrase, secret, token, apiKey, accessKey,
// privateKey, credentials, auth/basicAuth (not author), tls.key, clientKeyData,
// cookie, ... in any case, camelCase, snake_case, kebab-case or dotted.
bool is_secret_key(std::string_view key);

// True when a mapping's member `key` is hidden because of the mapping's other
// members, whatever the member's own name: `value` of an entry whose `name`
// is secret-like (an environment variable such as CLICKHOUSE_PASSWORD), and
// `data`/`stringData` of a `kind: Secret`. `kind` and `name` are the
// mapping's scalar members of those names (empty when absent).
bool is_hidden_member(std::string_view key, std::string_view kind, std::string_view name);

// is_secret_key(key), or is_hidden_member by the JSON object's own `kind`
// and `name` (the object holding `key`; false when it is no object).
bool hides_member(const nlohmann::json& object, std::string_view key);

// A string with the secrets inside it replaced by <redacted>: the content of
// an XML element with a secret-like name (<password>, <password_sha256_hex>),
// a URL's password (scheme://user:PASS@host keeps the user), the body of a
// PEM private key, the value after a secret-like `key: ` or `key=` (also in
// YAML or JSON text), the value of an env entry written as YAML text, and
// the data of a `kind: Secret` written as YAML text (additionalResources).
std::string redact_text(std::string_view text);

// A value the policy hides, as shown: an object keeps its keys and hides
// each value; kGenerated stays; anything else is kRedacted. (The same for a
// YAML tree: yaml/yaml_redaction.hpp.)
nlohmann::json hide(const nlohmann::json& value);

// A copy with every rule applied.
nlohmann::json redact(const nlohmann::json& value);

// At most `limit` characters of user text to quote in a message: its first
// line, secrets redacted (redact_text), control characters and invalid UTF-8
// escaped (\n, \t, \x1b), and "…" when anything was left out.
inline constexpr std::size_t kExcerptLimit = 60;
std::string excerpt(std::string_view text, std::size_t limit = kExcerptLimit);

// A whole message (an error, a diagnostic, a tool's stderr) made safe to
// print: PEM private keys, XML password elements, `name=value` and URL
// passwords redacted (not `name: value`, which the message's own words may
// look like: user text it quotes must be an excerpt()), control characters
// escaped except newlines (which separate the lines of a tool's stderr),
// and cut at `limit` characters.
inline constexpr std::size_t kMessageLimit = 2000;
std::string safe_message(std::string_view message, std::size_t limit = kMessageLimit);

}  // namespace altinity_deploy::redact
