#pragma once
// Base64 (standard alphabet, padded) for tests that build what Helm stores;
// the library only ever decodes.
#include <algorithm>
#include <string>

namespace altinity_deploy::testing_support {

inline std::string base64_encode(const std::string& bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (size_t at = 0; at < bytes.size(); at += 3) {
    const size_t n = std::min<size_t>(3, bytes.size() - at);
    unsigned int group = 0;
    for (size_t i = 0; i < 3; ++i) group = (group << 8) | (i < n ? static_cast<unsigned char>(bytes[at + i]) : 0U);
    for (size_t i = 0; i < 4; ++i) out.push_back(i <= n ? kAlphabet[(group >> (18 - 6 * i)) & 0x3F] : '=');
  }
  return out;
}

}  // namespace altinity_deploy::testing_support
