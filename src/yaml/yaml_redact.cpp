#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include "altinity_deploy/yaml/yaml_emitter.hpp"

namespace altinity_deploy::yaml {

namespace {

// Substrings of lowercase key names whose values must never reach a log or
// a terminal. "privatekey" covers camelCase privateKey next to private_key.
constexpr std::array kSecretWords = {"password", "passwd",      "token",      "secret",     "apikey",
                                     "api_key",  "private_key", "privatekey", "credentials"};

bool is_secret_key(const Node& key) {
  if (!key.is_scalar()) return false;
  std::string lower = key.text();
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::any_of(kSecretWords.begin(), kSecretWords.end(),
                     [&](const char* word) { return lower.find(word) != std::string::npos; });
}

}  // namespace

Node redact_secrets(const Node& node) {
  if (node.is_sequence()) {
    Node copy = Node::sequence(node.mark());
    for (const Node& item : node.items()) copy.push_back(redact_secrets(item));
    return copy;
  }
  if (node.is_mapping()) {
    Node copy = Node::mapping(node.mark());
    for (const auto& [key, value] : node.entries()) {
      copy.add_entry(key, is_secret_key(key) ? Node::quoted("<redacted>", value.mark()) : redact_secrets(value));
    }
    return copy;
  }
  return node;
}

}  // namespace altinity_deploy::yaml
