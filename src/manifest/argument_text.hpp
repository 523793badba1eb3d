#pragma once
// Rules for manifest text that ends up as a helm or kubectl argument or as a
// file name. helm and kubectl parse their command lines with pflag, so a word
// that starts with '-' in a positional place is read as a flag, and a chart
// name or version with a space or newline in it is never what anyone meant.
// Each function returns what is wrong, without echoing the text itself (it
// may be long or hold something private), or nothing.
#include <optional>
#include <string>
#include <string_view>

namespace altinity_deploy::manifest {

// A chart name as Helm allows it: letters, digits, '.', '_', '-', not
// starting with '-' or '.', no '/'.
std::optional<std::string> chart_name_problem(std::string_view name);

// A chart version or version constraint: no whitespace or control
// characters, not starting with '-'.
std::optional<std::string> chart_version_problem(std::string_view version);

// A chart repository URL: no whitespace or control characters and no
// user:password@ (it would show in every command line and log; helm keeps
// repository credentials in its own configuration).
std::optional<std::string> chart_repo_problem(std::string_view url);

// A credential id names one file inside the credentials folder: a single
// path element of letters, digits, '.', '_', '-', not starting with '.' or
// '-' (so never '..', never a hidden file, never a flag).
std::optional<std::string> credential_id_problem(std::string_view id);

// A kube context name: any printable text (cloud providers put ':' and '/'
// in them), but no control characters and no leading '-'.
//
// Wherever control characters are refused, so are bytes that are not
// UTF-8, C1 controls (U+0080..U+009F), bidirectional controls (U+202E,
// U+2066, ...) and other invisible format characters (U+200B, U+FEFF, ...):
// core/shown_character.hpp's list.
std::optional<std::string> context_name_problem(std::string_view name);

}  // namespace altinity_deploy::manifest
