#pragma once
// A manifest's diagnostics as they are found, on stderr: one line each
// ("error: f.yaml:3:5: spec.x: ..." / "warning: f.yaml:11:20: ..."), and
// under GitHub Actions (GITHUB_ACTIONS=true) also as workflow commands
// (::error file=f.yaml,line=3,col=5::...) so they show on the pull
// request's diff. stderr, not stdout: stdout carries only the result (the
// runner reads workflow commands from both).
#include <string>
#include <string_view>
#include <vector>

#include "altinity_deploy/manifest/diagnostic.hpp"

namespace altinity_deploy::cli {

void show_diagnostics(const std::string& file, const std::vector<manifest::Diagnostic>& diagnostics);

// The workflow command of one diagnostic, with GitHub's escaping; no
// file/line/col when the diagnostic has no position or the manifest came
// from stdin.
std::string github_annotation(const std::string& file, const manifest::Diagnostic& diagnostic);

// GitHub's escaping of a workflow command's message (% \r \n) and of a
// property's value (also : and ,).
std::string escape_annotation_data(std::string_view text);
std::string escape_annotation_property(std::string_view text);

}  // namespace altinity_deploy::cli
