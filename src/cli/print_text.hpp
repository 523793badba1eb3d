#pragma once
// Outcomes as text: what each verb prints on stdout when it succeeds, and
// a failure's error and hint on stderr (every run, -o json too).
#include <string>

#include "altinity_deploy/actions/verbs.hpp"
#include "version_report.hpp"

namespace altinity_deploy::cli {

std::string text_of(const actions::ValidateResult& result);
std::string text_of(const actions::RenderResult& result);
std::string text_of(const actions::PlanResult& result);
std::string text_of(const actions::UpResult& result);
std::string text_of(const actions::DestroyResult& result);
std::string text_of(const actions::StatusResult& result);
std::string text_of(const VersionResult& result);

// "error: MESSAGE" and "hint: HINT" through the log, redacted.
void show_failure(const actions::Failure& failure);

}  // namespace altinity_deploy::cli
