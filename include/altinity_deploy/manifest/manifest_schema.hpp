#pragma once
// The manifest's own JSON Schema (draft 2020-12), written from the field
// table the loader reads with (src/manifest/manifest_fields.cpp): every
// spelling of each field (lowerCamel, snake_case, aliases), types, defaults,
// fixed values, bounds, descriptions, and additionalProperties: false
// wherever the loader refuses unknown keys. `altinity-deploy schema` prints
// it; docs/manifest.schema.json is a copy the examples point to.
#include <nlohmann/json.hpp>

namespace altinity_deploy::manifest {

nlohmann::json manifest_schema();

}  // namespace altinity_deploy::manifest
