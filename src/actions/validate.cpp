// `validate`: offline; the manifest's problems on stderr, exit 3 when any.
#include "altinity_deploy/actions/verbs.hpp"

namespace altinity_deploy::actions {

Report run_validate(const GlobalOptions& options) {
  auto loaded = load_manifest(options.manifest_path);
  if (!loaded) return failed_report(loaded.error());
  Report report;
  report.data = {{"ok", true}, {"manifest", loaded->path}, {"release", loaded->spec.metadata.name},
                 {"namespace", loaded->spec.namespace_name}};
  report.text = loaded->path + ": valid\n";
  return report;
}

}  // namespace altinity_deploy::actions
