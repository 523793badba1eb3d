#include "read_stdin.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/manifest/manifest_loader.hpp"

namespace altinity_deploy::cli {

Result<std::string> read_manifest_from_stdin() {
  if (::isatty(STDIN_FILENO) == 1) log::info("reading the manifest from stdin (end it with Ctrl-D)");
  std::string text;
  char buffer[64 * 1024];
  for (;;) {
    const ssize_t got = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (got == 0) break;
    if (got < 0) {
      if (errno == EINTR) continue;
      return fail(ExitCode::invalid_input, fmt::format("cannot read the manifest from stdin: {}", std::strerror(errno)));
    }
    // Stops reading at the limit: an endless stream costs at most 1 MiB.
    if (text.size() + static_cast<std::size_t>(got) > manifest::kMaxManifestBytes) {
      return fail(ExitCode::invalid_input,
                  fmt::format("the manifest on stdin is larger than {} bytes; nothing was changed",
                              manifest::kMaxManifestBytes),
                  "a manifest is one small YAML document; check what is piped in");
    }
    text.append(buffer, static_cast<std::size_t>(got));
  }
  return text;
}

}  // namespace altinity_deploy::cli
