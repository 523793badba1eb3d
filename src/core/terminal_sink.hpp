#pragma once
// The one spdlog sink of the program: stderr, coloured by level when asked,
// and the owner of the terminal's updating status line. Log lines and the
// status line are written under base_sink's one lock, so they never
// interleave: a log line clears the status line first and draws it again
// below itself.
#include <mutex>
#include <string>
#include <string_view>

#include <spdlog/sinks/base_sink.h>

namespace altinity_deploy::log {

class TerminalSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  // Colour codes around the part the pattern marks with %^ ... %$: dim
  // debug, yellow warnings, red errors; info stays plain.
  void set_colour(bool colour);
  // Shows `text` as the status line (cut to the terminal's width), replacing
  // the one on screen.
  void show_status(std::string_view text);
  // Removes the status line, if one is shown.
  void clear_status();

 protected:
  void sink_it_(const spdlog::details::log_msg& message) override;
  void flush_() override;

 private:
  bool colour_ = false;
  std::string status_;  // on screen; empty: none
};

}  // namespace altinity_deploy::log
