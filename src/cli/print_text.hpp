#pragma once
// Outcomes as text: what each verb prints on stdout when it succeeds, and
// a failure's error and hint on stderr (every run, -o json too).
#include <string>

#include "altinity_deploy/actions/verbs.hpp"
#include "altinity_deploy/core/escaped_text.hpp"
#include "version_report.hpp"

namespace altinity_deploy::cli {

core::EscapedText text_of(const actions::ValidateResult& result);
core::EscapedText text_of(const actions::RenderResult& result);
core::EscapedText text_of(const actions::PlanResult& result);
core::EscapedText text_of(const actions::UpResult& result);
core::EscapedText text_of(const actions::DestroyResult& result);
core::EscapedText text_of(const actions::StatusResult& result);
core::EscapedText text_of(const VersionResult& result);

// "error: MESSAGE" and "hint: HINT" through the log, redacted.
void show_failure(const actions::Failure& failure);

}  // namespace altinity_deploy::cli
