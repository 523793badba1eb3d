#include "terminal_sink.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdio>

namespace altinity_deploy::log {
namespace {

constexpr std::string_view kClearLine = "\r\033[K";
constexpr std::string_view kReset = "\033[0m";

void put(std::string_view text) { std::fwrite(text.data(), 1, text.size(), stderr); }

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

std::string_view colour_of(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace:
    case spdlog::level::debug: return "\033[2m";
    case spdlog::level::warn: return "\033[33m";
    case spdlog::level::err:
    case spdlog::level::critical: return "\033[31m";
    default: return "";
  }
}

}  // namespace

void TerminalSink::set_colour(bool colour) {
  std::lock_guard hold(mutex_);
  colour_ = colour;
}

void TerminalSink::show_status(std::string_view text) {
  std::lock_guard hold(mutex_);
  status_ = fitted(text, terminal_width());
  put(kClearLine);
  put(status_);
  std::fflush(stderr);
}

void TerminalSink::clear_status() {
  std::lock_guard hold(mutex_);
  if (status_.empty()) return;
  status_.clear();
  put(kClearLine);
  std::fflush(stderr);
}

void TerminalSink::sink_it_(const spdlog::details::log_msg& message) {
  spdlog::memory_buf_t line;
  formatter_->format(message, line);
  const std::string_view text(line.data(), line.size());
  const std::string_view colour = colour_ ? colour_of(message.level) : std::string_view{};
  if (!status_.empty()) put(kClearLine);
  if (colour.empty() || message.color_range_end <= message.color_range_start) {
    put(text);
  } else {
    put(text.substr(0, message.color_range_start));
    put(colour);
    put(text.substr(message.color_range_start, message.color_range_end - message.color_range_start));
    put(kReset);
    put(text.substr(message.color_range_end));
  }
  if (!status_.empty()) put(status_);
  std::fflush(stderr);
}

void TerminalSink::flush_() { std::fflush(stderr); }

}  // namespace altinity_deploy::log
