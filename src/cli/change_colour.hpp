#pragma once
// Change lines coloured by their sign, for a terminal: plan's text on stdout
// (--color) and up's "changes:" log lines (UpOptions::change_colour).
#include "altinity_deploy/core/escaped_text.hpp"

namespace altinity_deploy::cli {

// `text` (format_plan's, or change_line lines) with each change line
// coloured by its sign: `+` green, `~` yellow, `-` red, `!` red.
core::EscapedText colour_changes(const core::EscapedText& text);

}  // namespace altinity_deploy::cli
