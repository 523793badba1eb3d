#include "altinity_deploy/actions/configuration.hpp"

#include <algorithm>
#include <filesystem>

#include "altinity_deploy/core/escaped_text.hpp"
#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/manifest/manifest_loader.hpp"

namespace altinity_deploy::actions {

Outcome<LoadedManifest> load_manifest(const GlobalOptions& options) {
  const std::string& path = options.manifest_path;
  if (path.empty() && !options.manifest_text) {
    return tl::unexpected(Failure{Error{ExitCode::invalid_input, "no manifest given",
                                        "pass --manifest FILE (or -f FILE), or set ALTINITY_DEPLOY_MANIFEST"},
                                  {}, {}});
  }
  const std::string file = options.manifest_text ? kStdinManifest : path;
  auto loaded = options.manifest_text ? manifest::load_manifest_text(*options.manifest_text)
                                      : manifest::load_manifest_file(path);
  if (options.show_diagnostics) options.show_diagnostics(file, loaded.diagnostics);
  const size_t errors = std::count_if(loaded.diagnostics.begin(), loaded.diagnostics.end(), [](const auto& d) {
    return d.severity == manifest::Severity::error;
  });
  if (errors > 0 || !loaded.spec) {
    return tl::unexpected(Failure{
        Error{ExitCode::invalid_input, fmt::format("{}: {} problem{} in the manifest; nothing was changed",
                                                   core::escape_controls(file),
                                                   errors, errors == 1 ? "" : "s"),
              ""},
        file, std::move(loaded.diagnostics)});
  }
  spec::OperatorSpec spec = std::move(*loaded.spec);
  if (options.helm_timeout_seconds) spec.helm.timeout_seconds = *options.helm_timeout_seconds;
  // A chart path is written relative to the manifest, wherever it is run
  // from (from stdin: relative to the working directory).
  if (spec.chart.is_local() && spec.chart.path.front() != '/' && !options.manifest_text) {
    const auto folder = std::filesystem::path(path).parent_path();
    spec.chart.path = (folder.empty() ? std::filesystem::path(".") : folder) / spec.chart.path;
  }
  return LoadedManifest{file, std::move(spec), std::move(loaded.diagnostics), std::move(loaded.text), loaded.file};
}

Result<std::unique_ptr<Connection>> connect(exec::Runners runners, const GlobalOptions& options,
                                            const spec::OperatorSpec& spec) {
  auto resolved = cluster::resolve_access(options.access, spec.target_cluster);
  if (!resolved) return tl::unexpected(resolved.error());
  for (const auto& note : resolved->notes) log::info("note: {}", note);

  const tools::ReleaseRef release{spec.release_name(), spec.namespace_name};
  auto connection = std::unique_ptr<Connection>(new Connection{
      tools::HelmClient(runners, options.helm_binary, resolved->access, release),
      tools::KubectlClient(runners, options.kubectl_binary, resolved->access, release), {}, {},
      resolved->kubeconfig_source});
  connection->helm.use_read_cache(tools::ReadCache::from_environment());
  connection->kubectl.use_read_cache(tools::ReadCache::from_environment());
  return connection;
}

}  // namespace altinity_deploy::actions
