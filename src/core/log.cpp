#include "altinity_deploy/core/log.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <mutex>
#include <string>

#include <spdlog/logger.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>

namespace altinity_deploy::log {
namespace {

Settings g_settings;

// The status line on screen (empty: none), and the lock that keeps it and
// the log lines from interleaving.
std::mutex g_screen;
std::string g_status;

constexpr std::string_view kClearLine = "\r\033[K";

void put(std::string_view text) {
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

std::size_t terminal_width() {
  winsize size{};
  if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 1) return size.ws_col;
  return 80;
}

// At most `width` - 1 columns (the last one would wrap on some terminals),
// never cutting a UTF-8 sequence; counts bytes, so wide text is cut early.
std::string fitted(std::string_view text, std::size_t width) {
  if (text.size() < width) return std::string(text);
  std::size_t end = width - 1;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end));
}

const char* prefix(Level level) {
  switch (level) {
    case Level::debug: return "  ";
    case Level::info: return "";
    case Level::warn: return "warning: ";
    case Level::error: return "error: ";
  }
  return "";
}

const char* colour_of(Level level) {
  switch (level) {
    case Level::debug: return "\033[2m";
    case Level::info: return "";
    case Level::warn: return "\033[33m";
    case Level::error: return "\033[31m";
  }
  return "";
}

spdlog::level::level_enum spdlog_level(Level level) {
  switch (level) {
    case Level::debug: return spdlog::level::debug;
    case Level::info: return spdlog::level::info;
    case Level::warn: return spdlog::level::warn;
    case Level::error: return spdlog::level::err;
  }
  return spdlog::level::info;
}

Level level_of(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace:
    case spdlog::level::debug: return Level::debug;
    case spdlog::level::warn: return Level::warn;
    case spdlog::level::err:
    case spdlog::level::critical: return Level::error;
    default: return Level::info;
  }
}

bool coloured(Level level) { return g_settings.colour && *colour_of(level) != '\0'; }

void append(spdlog::memory_buf_t& dest, const char* text) { dest.append(text, text + std::char_traits<char>::length(text)); }

// %* in the pattern: the colour (on a terminal) and the level's prefix ("warning: ").
class PrefixFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& message, const std::tm&, spdlog::memory_buf_t& dest) override {
    const Level level = level_of(message.level);
    if (coloured(level)) append(dest, colour_of(level));
    append(dest, prefix(level));
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<PrefixFlag>(); }
};

// %# in the pattern: the colour reset, when %* set a colour.
class ResetFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& message, const std::tm&, spdlog::memory_buf_t& dest) override {
    if (coloured(level_of(message.level))) append(dest, "\033[0m");
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<ResetFlag>(); }
};

// One line per message on stderr, exactly "[colour]PREFIX TEXT[reset]\n"; the level
// filtering (-q, -v) stays in write() and the templates, so the logger passes everything.
spdlog::logger& logger() {
  static spdlog::logger instance = [] {
    spdlog::logger created("altinity-deploy", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    auto formatter = std::make_unique<spdlog::pattern_formatter>();
    formatter->add_flag<PrefixFlag>('*').add_flag<ResetFlag>('#').set_pattern("%*%v%#");
    created.set_formatter(std::move(formatter));
    created.set_level(spdlog::level::trace);
    return created;
  }();
  return instance;
}

}  // namespace

void configure(const Settings& settings) { g_settings = settings; }
const Settings& settings() { return g_settings; }

void write(Level level, const core::EscapedText& escaped) {
  if (g_settings.quiet && (level == Level::info || level == Level::debug)) return;
  const std::string text = escaped.printable();
  std::lock_guard hold(g_screen);
  if (!g_status.empty()) put(kClearLine);
  logger().log(spdlog::source_loc{}, spdlog_level(level), spdlog::string_view_t(text.data(), text.size()));
  if (!g_status.empty()) put(g_status);
}

void show_status(const core::EscapedText& text) {
  if (!g_settings.status_line || g_settings.quiet) return;
  std::lock_guard hold(g_screen);
  g_status = fitted(text.printable(), terminal_width());
  put(std::string(kClearLine) + g_status);
}

void clear_status() {
  std::lock_guard hold(g_screen);
  if (g_status.empty()) return;
  g_status.clear();
  put(kClearLine);
}

}  // namespace altinity_deploy::log
