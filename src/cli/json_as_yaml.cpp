#include "json_as_yaml.hpp"

#include <cctype>

namespace altinity_deploy::cli {
namespace {

std::string quoted(const std::string& text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// A key left plain only when YAML cannot read it as anything but that string.
std::string key_text(const std::string& key) {
  bool plain = !key.empty() && (std::isalpha(static_cast<unsigned char>(key[0])) != 0 || key[0] == '_');
  for (char c : key) {
    plain = plain && (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '.');
  }
  static const char* const kReadAsOther[] = {"true", "false", "null", "yes", "no", "on", "off", "y", "n"};
  std::string lower;
  for (char c : key) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* word : kReadAsOther) plain = plain && lower != word;
  return plain ? key : quoted(key);
}

bool is_empty_collection(const nlohmann::json& value) {
  return (value.is_object() || value.is_array()) && value.empty();
}

std::string scalar_text(const nlohmann::json& value) {
  if (value.is_string()) return quoted(value.get<std::string>());
  if (value.is_object()) return "{}";
  if (value.is_array()) return "[]";
  return value.dump();
}

void emit(const nlohmann::json& value, int indent, std::string& out) {
  const std::string pad(static_cast<size_t>(indent), ' ');
  if (value.is_object()) {
    for (const auto& [key, item] : value.items()) {
      // Appended piece by piece: `" " + std::string` trips GCC 12's -Wrestrict at -O3 (a false
      // positive, GCC bug 105651) in the portable build.
      out += pad;
      out += key_text(key);
      out += ':';
      if ((item.is_object() || item.is_array()) && !is_empty_collection(item)) {
        out += "\n";
        emit(item, item.is_object() ? indent + 2 : indent, out);
      } else {
        out += ' ';
        out += scalar_text(item);
        out += '\n';
      }
    }
    return;
  }
  for (const auto& item : value) {
    if (item.is_object() && !item.empty()) {
      // "- " then the mapping's first key on the same line, the rest under it.
      std::string nested;
      emit(item, indent + 2, nested);
      out += pad;
      out += "- ";
      out += nested.substr(static_cast<size_t>(indent) + 2);
    } else if (item.is_array() && !item.empty()) {
      out += pad;
      out += "-\n";
      emit(item, indent + 2, out);
    } else {
      out += pad;
      out += "- ";
      out += scalar_text(item);
      out += '\n';
    }
  }
}

}  // namespace

std::string json_as_yaml(const nlohmann::json& document) {
  if (!document.is_object() && !document.is_array()) return scalar_text(document) + "\n";
  if (is_empty_collection(document)) return scalar_text(document) + "\n";
  std::string out;
  emit(document, 0, out);
  return out;
}

}  // namespace altinity_deploy::cli
