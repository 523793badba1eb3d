// The program's logger: spdlog filters by level (-q: warn, -v: debug, else
// info) and one TerminalSink writes the lines and the status line.
#include "altinity_deploy/core/log.hpp"

#include <memory>
#include <string>

#include <spdlog/logger.h>
#include <spdlog/pattern_formatter.h>

#include "terminal_sink.hpp"

namespace altinity_deploy::log {
namespace {

Settings g_settings;

// %* in the pattern: the level's prefix ("warning: ", "  " for debug lines).
class PrefixFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& message, const std::tm&, spdlog::memory_buf_t& dest) override {
    const std::string_view prefix = prefix_of(message.level);
    dest.append(prefix.data(), prefix.data() + prefix.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<PrefixFlag>(); }

 private:
  static std::string_view prefix_of(Level level) {
    switch (level) {
      case Level::trace:
      case Level::debug: return "  ";
      case Level::warn: return "warning: ";
      case Level::err:
      case Level::critical: return "error: ";
      default: return "";
    }
  }
};

const std::shared_ptr<TerminalSink>& sink() {
  static const auto instance = std::make_shared<TerminalSink>();
  return instance;
}

// One line per message, "PREFIX TEXT\n", the colour (TerminalSink) around all of it.
spdlog::logger& logger() {
  static spdlog::logger instance = [] {
    spdlog::logger created("altinity-deploy", sink());
    auto formatter = std::make_unique<spdlog::pattern_formatter>();
    formatter->add_flag<PrefixFlag>('*').set_pattern("%^%*%v%$");
    created.set_formatter(std::move(formatter));
    created.set_level(Level::info);
    return created;
  }();
  return instance;
}

}  // namespace

void configure(const Settings& settings) {
  g_settings = settings;
  logger().set_level(settings.quiet ? Level::warn : settings.verbose ? Level::debug : Level::info);
  sink()->set_colour(settings.colour);
}

const Settings& settings() { return g_settings; }

bool enabled(Level level) { return logger().should_log(level); }

void write(Level level, const core::EscapedText& escaped) {
  if (!enabled(level)) return;
  const std::string text = escaped.printable();
  logger().log(level, spdlog::string_view_t(text.data(), text.size()));
}

void show_status(const core::EscapedText& text) {
  if (g_settings.status_line && !g_settings.quiet) sink()->show_status(text.printable());
}

void clear_status() { sink()->clear_status(); }

}  // namespace altinity_deploy::log
