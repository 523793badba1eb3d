#pragma once
// The two encodings between a Kubernetes Secret and the JSON inside it:
// base64 (RFC 4648, standard alphabet, padded) and gzip. Both are bounded: a
// hostile Secret cannot make either use more than the caller allows.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "altinity_deploy/core/error.hpp"

namespace altinity_deploy::core {

// nullopt on any character outside the alphabet, bad padding or a length
// that is not a multiple of 4.
std::optional<std::string> base64_decode(std::string_view text);

// A whole gzip member, inflated. Fails on a corrupt stream, trailing bytes,
// or output beyond max_output bytes (a gzip bomb stops there).
Result<std::string> gunzip(std::string_view data, std::size_t max_output);

bool has_gzip_magic(std::string_view data);

}  // namespace altinity_deploy::core
