#pragma once
// What render --manifests hides in the objects it prints unless
// --show-secrets is given (docs/secrets.md, "Rendered objects"). The objects
// stay valid for the API server, so that the masked output still passes
// `kubectl apply --dry-run=server` and kubeconform:
//   - every `kind: Secret` mapping, at any depth (inside a `kind: List`'s
//     items too): each value of `data` becomes the base64 of "<redacted>",
//     each value of `stringData` "<redacted>"; the keys stay;
//   - `value` of an entry whose `name` looks secret (an environment
//     variable such as CLICKHOUSE_PASSWORD): "<redacted>".
// Other strings are printed as rendered: redact::redact_text's rules for
// values hide far too much of the operator's own config files (keys named
// `password` or `secret` that hold none), which a reviewer must see as
// they are. Types never change: a string stays a string, a mapping a mapping.
#include <string_view>

#include "altinity_deploy/yaml/yaml_tree.hpp"

namespace altinity_deploy::plan {

// base64("<redacted>"): what a masked Secret's `data` values hold.
inline constexpr std::string_view kRedactedBase64 = "PHJlZGFjdGVkPg==";

// Masks `node` in place. True when a Secret's data or stringData was masked
// (so that the printer can say so above the object).
bool mask_secrets(yaml::Node& node);

}  // namespace altinity_deploy::plan
