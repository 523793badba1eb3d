#pragma once
// The passes of redact_text that have a file of their own.
#include <string>
#include <string_view>

namespace altinity_deploy::redact {

// YAML (or pretty JSON) held in a string, e.g. an additionalResources entry
// or a config file: read line by line, not parsed (Go templates such as
// `{{ include ... }}` are not YAML). Hides the value, and every line nested
// under it, of a secret-like key, of `value` next to a secret-like `name`,
// and of `data`/`stringData` next to `kind: Secret`.
std::string redact_yaml_text(std::string_view text);

// The passes of redact_text that cannot mistake prose for a secret: PEM
// blocks, XML elements, `name=value` and URL passwords. For whole messages,
// whose own words ("--rotate-operator-password: the manifest ...") would
// read as `name: value`; the user text they quote went through excerpt().
std::string redact_embedded(std::string_view text);

}  // namespace altinity_deploy::redact
