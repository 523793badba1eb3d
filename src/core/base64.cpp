#include <array>

#include "altinity_deploy/core/encoding.hpp"

namespace altinity_deploy::core {
namespace {

constexpr int kInvalid = -1;

constexpr std::array<int, 256> decoding_table() {
  std::array<int, 256> table{};
  table.fill(kInvalid);
  constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (size_t i = 0; i < alphabet.size(); ++i) table[static_cast<unsigned char>(alphabet[i])] = static_cast<int>(i);
  return table;
}

constexpr std::array<int, 256> kTable = decoding_table();

}  // namespace

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (size_t at = 0; at < text.size(); at += 4) {
    const bool last = at + 4 == text.size();
    int padding = 0;
    unsigned int group = 0;
    for (size_t i = 0; i < 4; ++i) {
      const char c = text[at + i];
      // '=' only at the end of the last group: "xx==" or "xxx=".
      if (c == '=' && last && i >= 2 && (i == 3 || text[at + 3] == '=')) {
        ++padding;
        group <<= 6;
        continue;
      }
      const int value = kTable[static_cast<unsigned char>(c)];
      if (value == kInvalid || padding > 0) return std::nullopt;
      group = (group << 6) | static_cast<unsigned int>(value);
    }
    out.push_back(static_cast<char>((group >> 16) & 0xFF));
    if (padding < 2) out.push_back(static_cast<char>((group >> 8) & 0xFF));
    if (padding < 1) out.push_back(static_cast<char>(group & 0xFF));
  }
  return out;
}

}  // namespace altinity_deploy::core
