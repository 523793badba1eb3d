#include "altinity_deploy/core/log.hpp"

#include <cstdio>
#include <string>

namespace altinity_deploy::log {
namespace {

Settings g_settings;

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

}  // namespace

void configure(const Settings& settings) { g_settings = settings; }
const Settings& settings() { return g_settings; }

void write(Level level, std::string_view text) {
  if (g_settings.quiet && (level == Level::info || level == Level::debug)) return;
  std::string line;
  const bool colour = g_settings.colour && *colour_of(level) != '\0';
  if (colour) line += colour_of(level);
  line += prefix(level);
  line += text;
  if (colour) line += "\033[0m";
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace altinity_deploy::log
