#pragma once
// What a YAML scalar's text means and how to write one: the YAML 1.1
// boolean words (which Helm's Go YAML reads, unlike YAML 1.2 readers), and
// the one quoter that both the emitter (yaml_emitter) and the status block
// writer (outputs/status_block) use.
#include <optional>
#include <string>
#include <string_view>

namespace altinity_deploy::yaml {

// The boolean a plain scalar is to YAML 1.1 (y, Yes, on, OFF, true, FALSE, ...);
// nullopt for any other word.
std::optional<bool> yaml11_bool(std::string_view text);

// Whether `text` reads back as the same plain scalar in block context (its
// type aside). Stricter than the YAML grammar: quoting too much only changes
// the style, quoting too little changes the document.
bool safe_as_plain(std::string_view text);

// `text` double-quoted, with control characters, the YAML 1.1 line breaks
// (U+0085, U+2028, U+2029) and a BOM escaped.
std::string double_quoted(std::string_view text);

// `text` as a scalar that every reader (YAML 1.1 like Go's yaml.v2 and
// PyYAML, or 1.2 like yaml-cpp) reads back as that same *string*: plain when
// that is unambiguous, else double-quoted (words that resolve to null, a
// bool, a number or a timestamp are quoted).
std::string string_scalar(std::string_view text);

}  // namespace altinity_deploy::yaml
