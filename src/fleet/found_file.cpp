#include "altinity_deploy/fleet/found_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <string_view>
#include <system_error>

#include <fmt/format.h>

#include "altinity_deploy/redact/redaction.hpp"
#include "altinity_deploy/spec/operator_spec.hpp"
#include "altinity_deploy/yaml/yaml_loader.hpp"

namespace altinity_deploy::fleet {
namespace {

bool has_yaml_extension(const std::string& path) {
  const std::string extension = std::filesystem::path(path).extension().string();
  return extension == ".yaml" || extension == ".yml";
}

const char* not_a_file(mode_t mode) {
  if (S_ISDIR(mode)) return "a folder: folders are not searched";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe): not opened";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device: not opened";
  if (S_ISSOCK(mode)) return "a socket: not opened";
  return "not a regular file";
}

// The value of a top-level `kind:` or `apiVersion:` line (column 0), its
// quotes and trailing comment taken off; nothing when no such line is there.
std::optional<std::string> top_level_value(std::string_view text, std::string_view key) {
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (!line.starts_with(key) || line.size() <= key.size() || line[key.size()] != ':') continue;
    std::string_view value = line.substr(key.size() + 1);
    if (auto comment = value.find(" #"); comment != std::string_view::npos) value = value.substr(0, comment);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t' || value.back() == '\r')) {
      value.remove_suffix(1);
    }
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    if (value.empty()) return std::nullopt;  // `kind:` with the value on the next line: let the parser say
    return std::string(value);
  }
  return std::nullopt;
}

std::optional<std::string> other_kind(const std::string& kind) {
  if (spec::is_our_kind(kind)) return std::nullopt;
  return fmt::format("kind {}", redact::excerpt(kind));
}

// A whole small file, parsed: flow and JSON style say their kind too.
std::optional<std::string> why_not_parsed(const std::string& text) {
  const yaml::LoadedDocument doc = yaml::load(text);
  if (!doc.problems.empty() || !doc.root.is_mapping()) return std::nullopt;  // its errors will show
  const yaml::Node* kind = doc.root.find("kind");
  if (kind != nullptr && kind->is_scalar()) return other_kind(kind->text());
  if (kind != nullptr) return std::nullopt;
  for (const char* key : {"apiVersion", "api_version"}) {
    const yaml::Node* api_version = doc.root.find(key);
    if (api_version != nullptr && api_version->is_scalar() && api_version->text() == spec::kApiVersion) {
      return std::nullopt;  // ours, with its kind missing: say so when it loads
    }
  }
  return std::string("no kind: not a manifest");
}

// Closes the descriptor on every return path.
struct Descriptor {
  explicit Descriptor(int descriptor) : fd(descriptor) {}
  ~Descriptor() {
    if (fd >= 0) ::close(fd);
  }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  int fd;
};

}  // namespace

std::optional<std::string> why_not_a_manifest(const std::string& path, NameCheck names) {
  const bool named_as_yaml = names == NameCheck::any_name || has_yaml_extension(path);
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    // A dangling link or a link loop: a manifest's name keeps it, so loading
    // it says what is wrong; any other name is skipped with the reason. The
    // same whatever order the folder lists its entries in.
    if (named_as_yaml) return std::nullopt;
    return fmt::format("cannot be read: {}", std::generic_category().message(errno));
  }
  if (!S_ISREG(info.st_mode)) return std::string(not_a_file(info.st_mode));
  if (!named_as_yaml) return std::string("not a .yaml or .yml file");

  const Descriptor file{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)};
  if (file.fd < 0) return std::nullopt;  // loading it says why
  std::string head(kKindPeekBytes, '\0');
  std::size_t filled = 0;
  while (filled < head.size()) {
    const ssize_t got = ::read(file.fd, head.data() + filled, head.size() - filled);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return std::nullopt;
    if (got == 0) break;
    filled += static_cast<std::size_t>(got);
  }
  const bool whole = filled < head.size();
  head.resize(filled);
  if (auto kind = top_level_value(head, "kind")) return other_kind(*kind);
  if (whole) return why_not_parsed(head);
  // Larger, and no kind at the top: a manifest may put it after a long
  // spec; loading it decides.
  return std::nullopt;
}

}  // namespace altinity_deploy::fleet
