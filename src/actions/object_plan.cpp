// Why `helm template` and not `helm upgrade --dry-run=server` (docs/commands.md,
// "plan"): the plan must work with read-only credentials, and a server dry
// run of an upgrade needs write access to the release's objects and Secrets
// (Helm 3 from 3.13 only); on the local Kubernetes 1.20 server Helm 4's
// server-side apply even fails on the chart's metrics Service. helm template
// reads no cluster, so it is given the cluster's version (--kube-version);
// the operator chart's templates do not read .Capabilities.APIVersions, so
// --api-versions (one more `kubectl api-versions`) would change nothing.
// What Helm stored and what helm template prints are the same kind of text
// (rendered templates, hooks apart), so they compare without a server.
#include "altinity_deploy/actions/object_plan.hpp"

#include <fmt/format.h>

#include "altinity_deploy/actions/values_file.hpp"
#include "altinity_deploy/core/try.hpp"
#include "altinity_deploy/yaml/yaml_emitter.hpp"

namespace altinity_deploy::actions {
namespace {

// "v1.20.2" of "v1.20.2-gke.100" or "v1.27.3+k3s1": helm reads a plain
// version; a build or vendor suffix could fail a chart's kubeVersion check.
std::string kube_version(const tools::ServerVersion& server) {
  const std::string& text = server.git_version;
  const std::string plain = text.substr(0, text.find_first_of("-+"));
  if (!plain.empty()) return plain;
  if (server.major > 0) return fmt::format("v{}.{}.0", server.major, server.minor);
  return {};
}

}  // namespace

Status add_object_plan(Connection& connection, const spec::OperatorSpec& spec, plan::ReleasePlan& plan,
                       const std::string& temp_dir) {
  if (!plan::wants_objects(plan)) return {};
  if (kube_version(connection.server).empty()) {
    TRY_ASSIGN(server, connection.kubectl.server_version());
    connection.server = server;
  }
  const std::string version = kube_version(connection.server);
  TRY_ASSIGN(values_file, ValuesFile::create(temp_dir, yaml::emit(plan.desired.values_tree)));
  TRY_ASSIGN(rendered, connection.helm.template_release({spec.chart, values_file.path(), version}));
  return plan::add_rendered_objects(
      plan, spec, rendered,
      version.empty() ? std::string("with its default capabilities")
                      : fmt::format("for Kubernetes {}, the cluster's version", version));
}

}  // namespace altinity_deploy::actions
