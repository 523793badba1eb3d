// `validate`: offline; the manifest's problems on stderr, exit 3 when any.
#include "altinity_deploy/actions/verbs.hpp"

namespace altinity_deploy::actions {

Outcome<ValidateResult> run_validate(const GlobalOptions& options) {
  auto loaded = load_manifest(options);
  if (!loaded) return failed_report(loaded.error());
  ValidateResult result;
  result.manifest = loaded->path;
  result.diagnostics = loaded->warnings;
  result.release = loaded->spec.release_name();
  result.namespace_name = loaded->spec.namespace_name;
  return result;
}

}  // namespace altinity_deploy::actions
