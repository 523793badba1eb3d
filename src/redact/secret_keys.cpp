// Which names hold secrets. A name is read two ways: as its words (split at
// every non-alphanumeric character and at camelCase humps, lowercased:
// "basicAuth" -> basic, auth; "CLICKHOUSE_PASSWORD" -> clickhouse,
// password) and as its compact form (letters and digits only, lowercased:
// "client-key-data" -> clientkeydata). docs/secrets.md lists the same words.
#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <vector>

#include "altinity_deploy/redact/redaction.hpp"

namespace altinity_deploy::redact {
namespace {

// Anywhere in the compact form: passwordHash, db_password, AWS_SECRET_ACCESS_KEY,
// x-api-key, private_key, ssh-privatekey, client-key-data, ...
constexpr std::array kCompactParts = {
    "password",  "passwd",     "passphrase", "secret",      "token",         "apikey",
    "accesskey", "privatekey", "credential", "clientkey",   "sshkey",        "signingkey",
    "encryptionkey", "masterkey", "sessionkey", "sessionid", "cookie",
};

// Whole words only, since as parts of longer words they mean something else:
// auth and basicAuth, but not author; pwd, but not pwdPolicy's neighbours.
constexpr std::array kWords = {"pw", "pwd", "pass", "auth", "authorization", "jwt", "dsn"};

// A name ending in one of these words refers to a secret rather than holds
// it (secretName, passwordFile, tokenPath, credentialId), unless it is a
// session id.
constexpr std::array kReferenceWords = {"name", "ref", "file", "path", "id"};

// File names whose content is key material: tls.key, server.pem is left to
// the PEM rule (a certificate is not secret).
constexpr std::array kFileSuffixes = {".key", ".p12", ".pfx", ".jks", ".keystore"};

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }
bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool is_upper(char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; }
bool is_lower_or_digit(char c) { return std::islower(static_cast<unsigned char>(c)) != 0 || std::isdigit(static_cast<unsigned char>(c)) != 0; }

std::vector<std::string> words_of(std::string_view key) {
  std::vector<std::string> words;
  std::string word;
  for (std::size_t i = 0; i < key.size(); ++i) {
    const char c = key[i];
    if (!is_alnum(c)) {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
      continue;
    }
    // A hump: fooBar (lower then upper), or APIKey (the K of an upper run
    // followed by a lower letter).
    const bool hump = i > 0 && is_upper(c) &&
                      (is_lower_or_digit(key[i - 1]) ||
                       (is_upper(key[i - 1]) && i + 1 < key.size() && std::islower(static_cast<unsigned char>(key[i + 1])) != 0));
    if (hump && !word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
    word += lower(c);
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

std::string compact(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (is_alnum(c)) out += lower(c);
  }
  return out;
}

bool ends_with_lower(std::string_view text, std::string_view suffix) {
  if (text.size() < suffix.size()) return false;
  const std::string_view tail = text.substr(text.size() - suffix.size());
  return std::equal(tail.begin(), tail.end(), suffix.begin(), [](char a, char b) { return lower(a) == b; });
}

}  // namespace

bool is_secret_key(std::string_view key) {
  const std::string joined = compact(key);
  const std::vector<std::string> words = words_of(key);
  const bool reference = !words.empty() && words.size() > 1 &&
                         std::find(kReferenceWords.begin(), kReferenceWords.end(), words.back()) != kReferenceWords.end();
  if (reference && joined.find("sessionid") == std::string::npos) return false;
  for (std::string_view part : kCompactParts) {
    if (joined.find(part) != std::string::npos) return true;
  }
  for (const std::string& word : words) {
    if (std::find(kWords.begin(), kWords.end(), word) != kWords.end()) return true;
  }
  return std::any_of(kFileSuffixes.begin(), kFileSuffixes.end(),
                     [&](std::string_view suffix) { return ends_with_lower(key, suffix); });
}

bool is_hidden_member(std::string_view key, std::string_view kind, std::string_view name) {
  if (kind == "Secret" && (key == "data" || key == "stringData")) return true;
  return key == "value" && !name.empty() && is_secret_key(name);
}

bool hides_member(const nlohmann::json& object, std::string_view key) {
  if (is_secret_key(key)) return true;
  if (!object.is_object()) return false;
  const auto text = [&](const char* name) {
    auto it = object.find(name);
    return it != object.end() && it->is_string() ? std::string_view(it->get_ref<const std::string&>())
                                                 : std::string_view{};
  };
  return is_hidden_member(key, text("kind"), text("name"));
}

}  // namespace altinity_deploy::redact
