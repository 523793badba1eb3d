#include "altinity_deploy/actions/configuration.hpp"

#include <algorithm>
#include <filesystem>

#include "altinity_deploy/core/escaped_text.hpp"
#include "altinity_deploy/core/log.hpp"
#include "altinity_deploy/exec/concurrent.hpp"
#include "altinity_deploy/manifest/manifest_loader.hpp"
#include "altinity_deploy/redact/redaction.hpp"

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

namespace {

// "context 'x' (server y): " before an error about the API server.
Error about_target(Error error, const tools::ClusterTarget& target) {
  error.message = fmt::format("context '{}' (server {}): {}", redact::excerpt(target.context, 200),
                              redact::excerpt(target.server, 200), error.message);
  return error;
}

}  // namespace

// How long the API server's version may take when it is asked only because a
// read of the first batch failed.
constexpr std::chrono::seconds kWhyReadFailedLimit{15};

Result<std::unique_ptr<Connection>> connect(exec::Runners runners, const GlobalOptions& options,
                                            const spec::OperatorSpec& spec, const BatchedReads& also) {
  auto resolved = cluster::resolve_access(options.access, spec.target_cluster);
  if (!resolved) return tl::unexpected(resolved.error());
  for (const auto& note : resolved->notes) log::info("note: {}", note);

  const tools::ReleaseRef release{spec.release_name(), spec.namespace_name};
  auto connection = std::unique_ptr<Connection>(new Connection{
      tools::HelmClient(runners, options.helm_binary, resolved->access, release),
      tools::KubectlClient(runners, options.kubectl_binary, resolved->access, release), {}, {}});
  connection->helm.use_read_cache(tools::ReadCache::from_environment());
  connection->kubectl.use_read_cache(tools::ReadCache::from_environment());

  // Independent calls, run side by side; the checks' errors are reported in
  // this order. The API server's version only feeds the log line: it is
  // asked for with -v, when the batch's other reads cannot say whether
  // they failed, or afterwards, when one failed, to say clearly that the
  // server does not answer.
  Result<tools::HelmVersion> helm_version;
  Result<tools::ClusterTarget> target;
  std::optional<Result<tools::ServerVersion>> server;
  std::vector<std::function<void()>> batch = {
      [&] { helm_version = connection->helm.detect_version(); },
      [&] { target = connection->kubectl.describe_target(); },
  };
  if (log::settings().verbose || !also.calls || !also.failed) batch.emplace_back([&] { server = connection->kubectl.server_version(); });
  if (also.calls) {
    for (auto& call : also.calls(*connection)) batch.push_back(std::move(call));
  }
  exec::run_concurrently(std::move(batch));
  if (!helm_version) return tl::unexpected(helm_version.error());
  if (!target) return tl::unexpected(target.error());
  connection->target = *target;
  // Only to say why the read failed: briefly, since a hung kubectl has
  // already made the run wait its full limit once.
  if (!server && also.failed && also.failed()) server = connection->kubectl.server_version(kWhyReadFailedLimit);
  if (server && !*server) return tl::unexpected(about_target(server->error(), *target));
  if (server) connection->server = **server;
  // The kubeconfig is not ours: its context name may hold escape sequences
  // and its server URL a user:password or a token.
  log::info("target: context '{}', API server {}{}, kubeconfig from {}; helm {}",
            redact::excerpt(target->context, 200), redact::excerpt(target->server, 200),
            server ? fmt::format(" (Kubernetes {})", redact::excerpt((*server)->git_version, 100)) : "",
            resolved->kubeconfig_source, redact::excerpt(helm_version->text, 100));
  return connection;
}

}  // namespace altinity_deploy::actions
