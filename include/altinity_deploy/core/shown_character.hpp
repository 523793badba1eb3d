#pragma once
// One character of outside text as a printer may show it (the step that
// escape_controls and redact::excerpt share; core/escaped_text.hpp lists
// what is escaped and how).
#include <cstddef>
#include <string>
#include <string_view>

namespace altinity_deploy::core {

// Appends the character that starts at `at` to `out`, escaped when it is a
// control, an invisible format character or not UTF-8; returns how many
// bytes of `text` it took (at least 1). A "\n" is kept with `keep_newlines`.
std::size_t append_shown_character(std::string& out, std::string_view text, std::size_t at, bool keep_newlines);

// The length of the valid UTF-8 sequence at `at`, or 0 (overlong forms,
// surrogates and code points past U+10FFFF are not valid); and the code
// point of a valid sequence.
std::size_t utf8_length(std::string_view text, std::size_t at);
char32_t utf8_decode(std::string_view sequence);

// True when `code_point` is one escape_controls shows as \uXXXX: a C1
// control, a bidirectional control or another invisible format character.
bool is_invisible_code_point(char32_t code_point);

}  // namespace altinity_deploy::core
