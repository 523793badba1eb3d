#include <zlib.h>

#include <fmt/format.h>

#include "altinity_deploy/core/encoding.hpp"

namespace altinity_deploy::core {

bool has_gzip_magic(std::string_view data) {
  return data.size() >= 2 && static_cast<unsigned char>(data[0]) == 0x1f && static_cast<unsigned char>(data[1]) == 0x8b;
}

Result<std::string> gunzip(std::string_view data, std::size_t max_output) {
  if (data.size() > (1U << 30)) return fail(ExitCode::failed, "gunzip: input too large");
  z_stream stream{};
  // 16 + MAX_WBITS: a gzip header and trailer, not raw deflate or zlib.
  if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) return fail(ExitCode::failed, "gunzip: zlib would not start");
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char chunk[64 * 1024];
  int rc = Z_OK;
  while (rc == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(chunk);
    stream.avail_out = sizeof chunk;
    rc = inflate(&stream, Z_NO_FLUSH);
    const size_t produced = sizeof chunk - stream.avail_out;
    if (out.size() + produced > max_output) {
      inflateEnd(&stream);
      return fail(ExitCode::failed, fmt::format("gunzip: more than {} bytes uncompressed", max_output));
    }
    out.append(chunk, produced);
    if (rc == Z_BUF_ERROR && stream.avail_in == 0) break;  // input ended mid-stream
  }
  const bool whole = rc == Z_STREAM_END && stream.avail_in == 0;
  inflateEnd(&stream);
  if (!whole) return fail(ExitCode::failed, "gunzip: the data is not one complete gzip stream");
  return out;
}

}  // namespace altinity_deploy::core
