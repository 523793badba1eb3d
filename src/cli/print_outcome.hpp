#pragma once
// The one place a verb's outcome leaves the process: exactly one JSON
// document on stdout under -o json, otherwise the text on stdout (success)
// or the error and hint on stderr (failure, in both formats).
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "altinity_deploy/actions/verbs.hpp"
#include "altinity_deploy/core/interrupt.hpp"
#include "altinity_deploy/fleet/fleet_run.hpp"
#include "print_json.hpp"
#include "print_text.hpp"

namespace altinity_deploy::cli {

enum class OutputFormat { text, json };

// Text only as EscapedText (core/escaped_text.hpp): the output rule.
void write_stdout(const core::EscapedText& text);
// The document, dumped with invalid UTF-8 replaced rather than thrown on,
// and the characters JSON leaves raw that a terminal would obey (DEL, C1
// and bidirectional controls, invisible format characters) written as
// \uXXXX: the same data, still valid JSON.
void write_json(const nlohmann::json& document);
// -o yaml: every document write_json prints is written as YAML instead (the
// same fields; docs/json-output.md). The fleet's report files stay JSON.
void write_documents_as_yaml(bool yaml);

// What a text result may pass through before it is printed (plan's colours).
using TextDecorator = core::EscapedText (*)(const core::EscapedText&);

// A fleet's target (fleet/fleet_run.hpp) also leaves its JSON document in
// the file $ALTINITY_DEPLOY_REPORT_FILE names, whatever the output format.
void write_report_file(const nlohmann::json& document);

template <class Result>
int print_outcome(const actions::Outcome<Result>& outcome, std::string_view command, OutputFormat format,
                  TextDecorator decorate = nullptr) {
  ExitCode code = outcome ? outcome->code : outcome.error().error.code;
  if (!outcome && core::interrupted()) code = ExitCode::interrupted;
  if (format == OutputFormat::json || std::getenv(fleet::kReportFileVariable) != nullptr) {
    const nlohmann::json document = outcome ? success_document(command, code, *outcome, json_of(*outcome))
                                            : failure_document(command, code, outcome.error());
    write_report_file(document);
    if (format == OutputFormat::json) write_json(document);
  }
  if (format == OutputFormat::text && outcome) {
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
