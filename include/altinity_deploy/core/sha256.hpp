#pragma once
// SHA-256 (FIPS 180-4), for fingerprinting the chart's CRD documents. Small
// and self-contained: one document at a time, no streaming needed.
#include <string>
#include <string_view>

namespace altinity_deploy::core {

// The digest as 64 lowercase hex digits.
std::string sha256_hex(std::string_view data);

}  // namespace altinity_deploy::core
