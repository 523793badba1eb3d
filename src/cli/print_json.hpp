#pragma once
// Outcomes as the JSON documents of docs/json-output.md (schema:
// docs/json-output.schema.json). One document per run, on stdout.
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "altinity_deploy/actions/verbs.hpp"
#include "version_report.hpp"

namespace altinity_deploy::cli {

inline constexpr int kJsonFormatVersion = 1;

// Each verb's own keys.
nlohmann::json json_of(const actions::ValidateResult& result);
nlohmann::json json_of(const actions::RenderResult& result);
nlohmann::json json_of(const actions::PlanResult& result);
nlohmann::json json_of(const actions::UpResult& result);
nlohmann::json json_of(const actions::DestroyResult& result);
nlohmann::json json_of(const actions::StatusResult& result);
nlohmann::json json_of(const VersionResult& result);

// The whole document: formatVersion, command (null when the command line
// did not parse), ok, exitCode and diagnostics around the verb's keys, or
// around error and hint for a failure.
nlohmann::json success_document(std::optional<std::string_view> command, ExitCode code,
                                const actions::VerbResult& result, nlohmann::json keys);
nlohmann::json failure_document(std::optional<std::string_view> command, ExitCode code,
                                const actions::Failure& failure);

// One diagnostic as {file, line, column, path, severity, message, hint}.
nlohmann::json diagnostic_json(const std::string& file, const manifest::Diagnostic& diagnostic);

}  // namespace altinity_deploy::cli
