#pragma once
// The one place a verb's outcome leaves the process: exactly one JSON
// document on stdout under -o json, otherwise the text on stdout (success)
// or the error and hint on stderr (failure, in both formats).
#include <optional>
#include <string>
#include <string_view>

#include "altinity_deploy/actions/verbs.hpp"
#include "altinity_deploy/core/interrupt.hpp"
#include "print_json.hpp"
#include "print_text.hpp"

namespace altinity_deploy::cli {

enum class OutputFormat { text, json };

void write_stdout(const std::string& text);
// The document, dumped with invalid UTF-8 replaced rather than thrown on.
void write_json(const nlohmann::json& document);

// What a text result may pass through before it is printed (plan's colours).
using TextDecorator = std::string (*)(std::string_view);

template <class Result>
int print_outcome(const actions::Outcome<Result>& outcome, std::string_view command, OutputFormat format,
                  TextDecorator decorate = nullptr) {
  ExitCode code = outcome ? outcome->code : outcome.error().error.code;
  if (!outcome && core::interrupted()) code = ExitCode::interrupted;
  if (format == OutputFormat::json) {
    write_json(outcome ? success_document(command, code, *outcome, json_of(*outcome))
                       : failure_document(command, code, outcome.error()));
  } else if (outcome) {
    write_stdout(decorate != nullptr ? decorate(text_of(*outcome)) : text_of(*outcome));
  }
  if (!outcome) show_failure(outcome.error());
  return static_cast<int>(code);
}

// A command line that did not parse (command: null in JSON) or that a verb
// refuses, as a failed outcome: ExitCode::invalid_input.
int print_usage_error(const std::string& message, const std::string& hint, OutputFormat format,
                      std::optional<std::string_view> command = std::nullopt);

}  // namespace altinity_deploy::cli
