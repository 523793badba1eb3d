#include "altinity_deploy/tools/read_cache.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <vector>
#include <random>

#include <fmt/format.h>

#include "altinity_deploy/core/file_io.hpp"
#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/core/sha256.hpp"
#include "altinity_deploy/core/unique_fd.hpp"
#include "altinity_deploy/exec/program_path.hpp"

namespace altinity_deploy::tools {
namespace {

namespace fs = std::filesystem;

constexpr const char* kFormat = "altinity-deploy-read-cache-v1";
// Far above any chart's CRDs (the operator's are ~300 KB).
constexpr off_t kMaxEntryBytes = 16 << 20;
// A kubeconfig is hashed whole; beyond this it is not cached.
constexpr off_t kMaxKubeconfigBytes = 4 << 20;
// A local chart is hashed byte by byte; beyond this it is not cached.
constexpr std::uintmax_t kMaxLocalChartBytes = 64U << 20;

std::string env_or_empty(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

// Ours and private: owned by this user, writable by nobody else.
bool private_to_us(const struct stat& info) {
  return info.st_uid == ::geteuid() && (info.st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

// Why a folder of the cache is not used, or "" when it may be.
std::string why_not_private(const struct stat& info, const std::string& path) {
  if (!S_ISDIR(info.st_mode)) return fmt::format("{} is not a folder", path);
  if (info.st_uid != ::geteuid()) {
    return fmt::format("{} belongs to uid {}, not to this user (uid {}); remove it, or set XDG_CACHE_HOME to a "
                       "folder of yours",
                       path, info.st_uid, ::geteuid());
  }
  if ((info.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    return fmt::format("{} is writable by others (mode {:04o}); `chmod 700 {}` to use it", path,
                       info.st_mode & 07777, path);
  }
  return "";
}

// The entry `name` in the folder `folder`, if it is a private regular file
// of a bounded size: opened without following a link, checked on the fd.
std::optional<std::string> read_private_file(int folder, const std::string& name) {
  const core::UniqueFd fd(::openat(folder, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
  if (!fd.is_open()) return std::nullopt;
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode) || !private_to_us(info) ||
      info.st_size > kMaxEntryBytes) {
    return std::nullopt;
  }
  std::string text;
  if (!core::read_all(fd.get(), text, static_cast<size_t>(kMaxEntryBytes) + 1) || text.size() > kMaxEntryBytes) {
    return std::nullopt;
  }
  return text;
}

std::vector<std::string> split_levels(const std::string& levels) {
  std::vector<std::string> parts;
  for (size_t at = 0; at <= levels.size();) {
    const size_t slash = std::min(levels.find('/', at), levels.size());
    if (slash > at) parts.push_back(levels.substr(at, slash - at));
    at = slash + 1;
  }
  return parts;
}

// header line: format, SHA-256 of the answer, key length; then the key, a
// line break, the answer.
std::string entry_text(const std::string& key, const std::string& answer) {
  return fmt::format("{} {} {}\n{}\n{}", kFormat, core::sha256_hex(answer), key.size(), key, answer);
}

std::optional<std::string> answer_of(const std::string& entry, const std::string& key) {
  const std::string format = fmt::format("{} ", kFormat);
  const size_t line_end = entry.find('\n');
  if (!entry.starts_with(format) || line_end == std::string::npos || entry.size() < format.size() + 64) {
    return std::nullopt;
  }
  const std::string digest = entry.substr(format.size(), 64);
  if (entry.compare(0, line_end, fmt::format("{}{} {}", format, digest, key.size())) != 0) return std::nullopt;
  const size_t key_at = line_end + 1;
  const size_t answer_at = key_at + key.size() + 1;
  if (entry.size() < answer_at || entry.compare(key_at, key.size(), key) != 0 || entry[answer_at - 1] != '\n') {
    return std::nullopt;
  }
  std::string answer = entry.substr(answer_at);
  if (core::sha256_hex(answer) != digest) return std::nullopt;
  return answer;
}

// SHA-256 of a file's bytes, read through a bounded stream.
std::optional<std::string> content_digest(const fs::path& path, std::uintmax_t& budget) {
  std::error_code error;
  const std::uintmax_t size = fs::file_size(path, error);
  if (error || size > budget) return std::nullopt;
  budget -= size;
  std::ifstream in(path, std::ios::binary);
  std::string bytes(static_cast<size_t>(size), '\0');
  if (!in.read(bytes.data(), static_cast<std::streamsize>(size))) return std::nullopt;
  return core::sha256_hex(bytes);
}

// A .tgz: the digest of its bytes. A folder: of every file's relative path
// and digest, in a stable order. nullopt (not cached) when it holds a
// symbolic link.
std::optional<std::string> local_chart_digest(const std::string& path) {
  std::uintmax_t budget = kMaxLocalChartBytes;
  std::error_code error;
  const fs::file_status status = fs::symlink_status(path, error);
  if (error) return std::nullopt;
  if (fs::is_regular_file(status)) return content_digest(path, budget);
  if (!fs::is_directory(status)) return std::nullopt;
  std::vector<std::string> lines;
  for (fs::recursive_directory_iterator it(path, error), end; !error && it != end; it.increment(error)) {
    // helm follows links inside a chart; a digest that did not would miss
    // a change behind one: such a chart is not cached at all.
    if (it->is_symlink(error)) return std::nullopt;
    if (!it->is_regular_file(error)) continue;
    auto digest = content_digest(it->path(), budget);
    if (!digest || lines.size() >= 10000) return std::nullopt;
    lines.push_back(fs::relative(it->path(), path, error).string() + " " + *digest);
  }
  if (error) return std::nullopt;
  std::sort(lines.begin(), lines.end());
  std::string all;
  for (const auto& line : lines) all += line + "\n";
  return core::sha256_hex(all);
}

// "PATH sha256:HEX", "PATH missing", or nullopt when it cannot be read
// (not a regular file, too big, an error).
std::optional<std::string> kubeconfig_digest(const std::string& path) {
  const core::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (!fd.is_open()) {
    if (errno == ENOENT) return path + " missing";
    return std::nullopt;
  }
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode) || info.st_size > kMaxKubeconfigBytes) {
    return std::nullopt;
  }
  std::string text;
  const auto limit = static_cast<size_t>(kMaxKubeconfigBytes) + 1;
  if (!core::read_all(fd.get(), text, limit) || text.size() >= limit) return std::nullopt;
  return fmt::format("{} sha256:{}", path, core::sha256_hex(text));
}

// The kubeconfig files kubectl reads: the flag's, else KUBECONFIG's entries
// (':'-separated, empty ones skipped), else ~/.kube/config.
std::vector<std::string> kubeconfig_files(const std::string& kubeconfig) {
  if (!kubeconfig.empty()) return {kubeconfig};
  std::vector<std::string> files;
  const std::string list = env_or_empty("KUBECONFIG");
  for (size_t at = 0; at <= list.size();) {
    const size_t colon = std::min(list.find(':', at), list.size());
    if (colon > at) files.push_back(list.substr(at, colon - at));
    at = colon + 1;
  }
  // KUBECONFIG of separators only (":") names no file, and kubectl then
  // loads none (not ~/.kube/config): no files, and the caller keeps nothing.
  if (files.empty() && list.empty()) files.push_back(env_or_empty("HOME") + "/.kube/config");
  return files;
}

}  // namespace

ReadCache::ReadCache(std::string base, std::string levels)
    : base_(std::move(base)), levels_(split_levels(levels)), folder_(base_ + "/" + levels) {}

ReadCache::ReadCache(const std::string& folder) {
  const fs::path path(folder);
  base_ = path.parent_path().string();
  levels_ = {path.filename().string()};
  folder_ = folder;
}

ReadCache ReadCache::from_environment() {
  if (const std::string off = env_or_empty("ALTINITY_DEPLOY_NO_CACHE"); !off.empty() && off != "0") return {};
  std::string base = env_or_empty("XDG_CACHE_HOME");
  if (base.empty() || base.front() != '/') {
    const std::string home = env_or_empty("HOME");
    if (home.empty() || home.front() != '/') return {};
    base = home + "/.cache";
  }
  return ReadCache(base, "altinity-deploy/reads");
}

// The `reads` folder as a descriptor: each level opened relative to the one
// above without following a link, made (0700) when missing and `create`,
// and checked on its descriptor. No descriptor when a level is missing
// (reason "") or may not be trusted (the reason).
tl::expected<core::UniqueFd, std::string> ReadCache::open_folder(bool create) const {
  if (create) {
    std::error_code ignored;
    fs::create_directories(base_, ignored);
  }
  core::UniqueFd folder(::open(base_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!folder.is_open()) {
    if (errno == ENOENT) return tl::unexpected(std::string());
    return tl::unexpected(fmt::format("cannot open {}: {}", base_, std::strerror(errno)));
  }
  std::string path = base_;
  for (const std::string& level : levels_) {
    path += "/" + level;
    const bool made = create && ::mkdirat(folder.get(), level.c_str(), 0700) == 0;
    core::UniqueFd next(::openat(folder.get(), level.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!next.is_open()) {
      if (errno == ENOENT) return tl::unexpected(std::string());
      if (errno == ELOOP || errno == ENOTDIR) {
        return tl::unexpected(fmt::format("{} is a symbolic link or not a folder; remove it", path));
      }
      return tl::unexpected(fmt::format("cannot open {}: {}", path, std::strerror(errno)));
    }
    struct stat info {};
    if (::fstat(next.get(), &info) != 0) return tl::unexpected(fmt::format("cannot stat {}", path));
    // Exactly 0700 whatever the umask, on the folder just made (the check
    // below refuses it if someone else's was put there meanwhile).
    if (made && info.st_uid == ::geteuid() && ::fchmod(next.get(), 0700) == 0) info.st_mode = S_IFDIR | 0700;
    if (std::string why = why_not_private(info, path); !why.empty()) return tl::unexpected(why);
    folder = std::move(next);
  }
  return folder;
}

std::optional<std::string> ReadCache::get(const std::string& key) const {
  if (!enabled()) return std::nullopt;
  const auto folder = open_folder(false);
  if (!folder) {
    if (!folder.error().empty()) log::debug("read cache not used: {}", folder.error());
    return std::nullopt;
  }
  const std::string name = core::sha256_hex(key);
  const auto entry = read_private_file(folder->get(), name);
  if (!entry) return std::nullopt;
  auto answer = answer_of(*entry, key);
  if (!answer) log::debug("read cache: ignoring a damaged entry {}/{}", folder_, name);
  return answer;
}

void ReadCache::put(const std::string& key, const std::string& answer) const {
  if (!enabled()) return;
  const auto folder = open_folder(true);
  if (!folder) {
    log::debug("read cache not written: {}", folder.error().empty() ? folder_ + " is missing" : folder.error());
    return;
  }
  const std::string name = core::sha256_hex(key);
  const std::string temp = fmt::format("{}.tmp.{}.{}", name, ::getpid(), std::random_device{}());
  const int dir = folder->get();
  const core::UniqueFd fd(::openat(dir, temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!fd.is_open()) {
    log::debug("read cache: could not create an entry in {}: {}", folder_, std::strerror(errno));
    return;
  }
  if (!core::write_all_at(fd.get(), entry_text(key, answer), 0) ||
      ::renameat(dir, temp.c_str(), dir, name.c_str()) != 0) {
    ::unlinkat(dir, temp.c_str(), 0);
    log::debug("read cache: could not write {}/{}", folder_, name);
  }
}

std::optional<std::string> file_identity(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return std::nullopt;
  return fmt::format("{} size={} mtime={}.{:09} dev={} ino={}", path, info.st_size, info.st_mtim.tv_sec,
                     info.st_mtim.tv_nsec, info.st_dev, info.st_ino);
}

std::optional<std::string> program_identity(const std::string& binary) {
  const auto found = exec::find_program(binary);
  if (!found) return std::nullopt;
  std::error_code error;
  const auto real = fs::canonical(*found, error);
  if (error) return std::nullopt;
  return file_identity(real.string());
}

std::optional<std::string> kubeconfig_cache_identity(const std::string& kubeconfig, const std::string& context) {
  std::string identity = fmt::format("context {}\nKUBERNETES_SERVICE_HOST {}\nKUBERNETES_SERVICE_PORT {}", context,
                                     env_or_empty("KUBERNETES_SERVICE_HOST"), env_or_empty("KUBERNETES_SERVICE_PORT"));
  const auto files = kubeconfig_files(kubeconfig);
  if (files.empty()) return std::nullopt;
  for (const auto& file : files) {
    auto digest = kubeconfig_digest(file);
    if (!digest) return std::nullopt;
    identity += "\nkubeconfig " + *digest;
  }
  return identity;
}

bool is_pinned_version(const std::string& version) {
  std::string_view text = version;
  if (text.starts_with('v')) text.remove_prefix(1);
  // Dot-separated identifiers, none empty, each of the characters allowed.
  const auto identifiers = [&text](size_t count, bool digits_only) {
    for (size_t n = 0; count == 0 || n < count; ++n) {
      size_t length = 0;
      while (length < text.size() && (std::isdigit(static_cast<unsigned char>(text[length])) != 0 ||
                                      (!digits_only && (std::isalpha(static_cast<unsigned char>(text[length])) != 0 ||
                                                        text[length] == '-')))) {
        ++length;
      }
      if (length == 0) return false;
      text.remove_prefix(length);
      const bool more = text.starts_with('.') && (count == 0 || n + 1 < count);
      if (!more) return count == 0 || n + 1 == count;
      text.remove_prefix(1);
    }
    return true;
  };
  // MAJOR.MINOR.PATCH, then an optional -prerelease and +build (SemVer 2).
  if (!identifiers(3, true)) return false;
  if (text.starts_with('-')) {
    text.remove_prefix(1);
    if (!identifiers(0, false)) return false;
  }
  if (text.starts_with('+')) {
    text.remove_prefix(1);
    if (!identifiers(0, false)) return false;
  }
  return text.empty();
}

std::optional<std::string> chart_cache_identity(const spec::Chart& chart) {
  if (chart.is_local()) {
    auto digest = local_chart_digest(chart.path);
    return digest ? std::optional<std::string>("local " + *digest) : std::nullopt;
  }
  if (!is_pinned_version(chart.version)) return std::nullopt;
  return fmt::format("repo {} name {} version {}", chart.repo, chart.name, chart.version);
}

}  // namespace altinity_deploy::tools
