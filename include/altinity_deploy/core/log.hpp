#pragma once
// Human-facing messages, all on stderr so that stdout carries only results
// (values YAML, JSON). Colour as --color says (auto: a terminal without NO_COLOR).
// spdlog does the logging (src/core/log.cpp): its levels, its filtering, one
// sink for the terminal that also owns the status line
// (src/core/terminal_sink.hpp), in the format the tests pin.
// Only EscapedText reaches the screen (core/escaped_text.hpp): the format
// strings below are the program's own words and every argument is escaped.
#include <string_view>

#include <fmt/format.h>
#include <spdlog/common.h>

#include "altinity_deploy/core/escaped_text.hpp"

namespace altinity_deploy::log {

// spdlog's levels; the program uses debug (shown under -v), info (not under
// -q), warn and err.
using Level = spdlog::level::level_enum;

struct Settings {
  bool verbose = false;  // -v: every command and its duration
  bool quiet = false;    // -q: warnings and errors only
  bool colour = false;
  bool status_line = false;  // stderr is a terminal: progress may use one updating line
};

// Sets the logger's level (-q: warn, -v: debug, else info) and the sink's colour.
void configure(const Settings& settings);
const Settings& settings();

// True when a message of `level` is shown (spdlog's should_log).
bool enabled(Level level);
void write(Level level, const core::EscapedText& text);

// The one updating status line at the bottom of a terminal ("\r", the text
// cut to the terminal's width, clear to the end of the line). A log line
// written meanwhile clears it first and draws it again below itself, so the
// two never share a line. Only with Settings::status_line; nothing under -q.
void show_status(const core::EscapedText& text);
// Removes the status line (the work it described is over).
void clear_status();

template <class... Args>
void debug(core::escaped_format_string<Args...> f, Args&&... args) {
  if (enabled(Level::debug)) write(Level::debug, core::escaped_format<Args...>(f, std::forward<Args>(args)...));
}
template <class... Args>
void info(core::escaped_format_string<Args...> f, Args&&... args) {
  if (enabled(Level::info)) write(Level::info, core::escaped_format<Args...>(f, std::forward<Args>(args)...));
}
template <class... Args>
void warn(core::escaped_format_string<Args...> f, Args&&... args) {
  write(Level::warn, core::escaped_format<Args...>(f, std::forward<Args>(args)...));
}
template <class... Args>
void error(core::escaped_format_string<Args...> f, Args&&... args) {
  write(Level::err, core::escaped_format<Args...>(f, std::forward<Args>(args)...));
}

}  // namespace altinity_deploy::log
