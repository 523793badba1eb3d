#include "print_outcome.hpp"

#include <cstdio>

namespace altinity_deploy::cli {

void write_stdout(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

void write_json(const nlohmann::json& document) {
  write_stdout(document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

int print_usage_error(const std::string& message, const std::string& hint, OutputFormat format,
                      std::optional<std::string_view> command) {
  const actions::Failure failure{Error{ExitCode::invalid_input, message, hint}, {}, {}};
  if (format == OutputFormat::json) write_json(failure_document(command, ExitCode::invalid_input, failure));
  show_failure(failure);
  return static_cast<int>(ExitCode::invalid_input);
}

}  // namespace altinity_deploy::cli
