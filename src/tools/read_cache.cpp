#include "altinity_deploy/tools/read_cache.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <vector>
#include <random>

#include <fmt/format.h>

#include "altinity_deploy/core/file_io.hpp"
#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/core/sha256.hpp"

namespace altinity_deploy::tools {
namespace {

namespace fs = std::filesystem;

constexpr const char* kFormat = "altinity-deploy-read-cache-v1";
// Far above any chart's CRDs (the operator's are ~300 KB).
constexpr off_t kMaxEntryBytes = 16 << 20;
// A local chart is hashed byte by byte; beyond this it is not cached.
constexpr std::uintmax_t kMaxLocalChartBytes = 64U << 20;

std::string env_or_empty(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

// Ours and private: owned by this user, writable by nobody else, not a link.
bool private_to_us(const struct stat& info) {
  return info.st_uid == ::geteuid() && (info.st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

bool folder_is_private(const std::string& folder) {
  struct stat info {};
  return ::lstat(folder.c_str(), &info) == 0 && S_ISDIR(info.st_mode) && private_to_us(info);
}

std::optional<std::string> read_private_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return std::nullopt;
  std::optional<std::string> content;
  struct stat info {};
  if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && private_to_us(info) && info.st_size <= kMaxEntryBytes) {
    std::string text;
    if (core::read_all(fd, text, static_cast<size_t>(kMaxEntryBytes) + 1) && text.size() <= kMaxEntryBytes) {
      content = std::move(text);
    }
  }
  ::close(fd);
  return content;
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

}  // namespace

ReadCache ReadCache::from_environment() {
  if (const std::string off = env_or_empty("ALTINITY_DEPLOY_NO_CACHE"); !off.empty() && off != "0") return {};
  std::string base = env_or_empty("XDG_CACHE_HOME");
  if (base.empty() || base.front() != '/') {
    const std::string home = env_or_empty("HOME");
    if (home.empty() || home.front() != '/') return {};
    base = home + "/.cache";
  }
  return ReadCache(base + "/altinity-deploy/reads");
}

std::string ReadCache::path_of(const std::string& key) const { return folder_ + "/" + core::sha256_hex(key); }

std::optional<std::string> ReadCache::get(const std::string& key) const {
  if (!enabled() || !folder_is_private(folder_)) return std::nullopt;
  const auto entry = read_private_file(path_of(key));
  if (!entry) return std::nullopt;
  auto answer = answer_of(*entry, key);
  if (!answer) log::debug("read cache: ignoring a damaged entry {}", path_of(key));
  return answer;
}

void ReadCache::put(const std::string& key, const std::string& answer) const {
  if (!enabled()) return;
  std::error_code error;
  fs::create_directories(folder_, error);
  // Tightened only when it is a real folder of ours: chmod follows a link,
  // and a planted link could point at someone's folder.
  struct stat folder {};
  if (::lstat(folder_.c_str(), &folder) == 0 && S_ISDIR(folder.st_mode) && folder.st_uid == ::geteuid()) {
    ::chmod(folder_.c_str(), 0700);
  }
  if (!folder_is_private(folder_)) {
    log::debug("read cache: {} is not private to this user; not writing to it", folder_);
    return;
  }
  const std::string target = path_of(key);
  const std::string temp = fmt::format("{}.tmp.{}.{}", target, ::getpid(), std::random_device{}());
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return;
  const bool written = core::write_all_at(fd, entry_text(key, answer), 0);
  ::close(fd);
  if (!written || ::rename(temp.c_str(), target.c_str()) != 0) {
    ::unlink(temp.c_str());
    log::debug("read cache: could not write {}", target);
  }
}

std::optional<std::string> file_identity(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return std::nullopt;
  return fmt::format("{} size={} mtime={}.{:09} dev={} ino={}", path, info.st_size, info.st_mtim.tv_sec,
                     info.st_mtim.tv_nsec, info.st_dev, info.st_ino);
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
