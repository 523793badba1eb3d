#pragma once
// The words of --help, kept apart from the option wiring.

namespace altinity_deploy::cli {

inline constexpr const char* kAppDescription =
    "altinity-deploy: deploys the Altinity ClickHouse operator to Kubernetes from one manifest\n"
    "(Project Planton's: apiVersion kubernetes.project-planton.org/v1, kind AltinityOperator or the older\n"
    "AltinityOperatorKubernetes; docs/manifest.md).";

inline constexpr const char* kAppFooter = R"(
Exit codes:
  0  success
  1  the operation failed (helm or kubectl said no); the manifest is untouched
  2  plan --detailed-exitcode: there are changes to make
  3  invalid manifest or command line; nothing was started
  4  cluster unreachable, helm/kubectl missing, or credentials unusable
  5  another run holds the release lock
  130 interrupted (SIGINT/SIGTERM)

Example:
  altinity-deploy validate -f examples/basic.yaml
  altinity-deploy plan -f examples/basic.yaml
  altinity-deploy up -f examples/basic.yaml
  ALTINITY_DEPLOY_MANIFEST=op.yaml altinity-deploy destroy
)";

inline constexpr const char* kValidateFooter = R"(
Example:
  altinity-deploy validate --manifest examples/basic.yaml
Every problem is printed as FILE:LINE:COL: PATH: MESSAGE; exit 3 when there is one.
)";

inline constexpr const char* kRenderFooter = R"(
Example:
  altinity-deploy render --manifest examples/basic.yaml --helm-major 4
Needs no cluster. Secrets in the values are shown as <redacted>.
)";

inline constexpr const char* kPlanFooter = R"(
Example:
  altinity-deploy plan --manifest examples/basic.yaml --detailed-exitcode
Compares the manifest with the cluster and lists what `up` would change: the
namespace, the release (absent, failed or pending), the chart version, each Helm
value as `path: old -> new` (secrets shown as <redacted>), and with createCrds the
CRDs that would be created or updated. Read-only: creates nothing, takes no lock.
Exit 0 when the plan was computed; with --detailed-exitcode 0 = no changes,
2 = changes, 1 = error (3: invalid manifest, 4: cluster unreachable).
--output json lists the changes as an array. Aliases: diff, preview.
)";

inline constexpr const char* kUpFooter = R"(
Example:
  altinity-deploy up --manifest examples/basic.yaml --kubeconfig ~/.kube/prod --context prod
Computes the plan first and does only what it lists: applies the chart's CRDs
(createCrds; server-side apply, helm always gets --skip-crds), creates the namespace
(labelled app.kubernetes.io/managed-by=altinity-deploy), runs helm upgrade --install
with atomic rollback, cleanup on failure and wait. With no changes it starts no helm
upgrade (--force does). Then writes status.outputs into the manifest (everything
else in the file is kept byte for byte).
)";

inline constexpr const char* kDestroyFooter = R"(
Example:
  altinity-deploy destroy --manifest examples/basic.yaml
Uninstalls the release (an absent release is fine), deletes the namespace when
altinity-deploy created it, and keeps the CRDs unless --delete-crds is given:
deleting them deletes every ClickHouse cluster they describe. Removes the manifest's
status block. Its one line names the release, the namespace, the CRDs and the
status block, each with what happened to it.
)";

inline constexpr const char* kStatusFooter = R"(
Example:
  altinity-deploy status --manifest examples/basic.yaml --output json
On a node labelled altinity-deploy/simulated=true (the project's local test
cluster) status and up add a note: the pods are reported ready, no container runs.
)";

inline constexpr const char* kVersionFooter = R"(
Example:
  altinity-deploy version --output json
The same as --version: the version, the git commit it was built from (with -dirty
when the tree had changes; unknown when built outside git), the build type, the
compiler and the versions of the libraries linked in.
)";

inline constexpr const char* kSchemaFooter = R"(
Example:
  altinity-deploy schema > manifest.schema.json
The manifest's JSON Schema (draft 2020-12), written from the table the loader reads
with. Editors with the YAML language server check a manifest against it when its
first line is  # yaml-language-server: $schema=PATH-OR-URL  (the examples point to
docs/manifest.schema.json). `validate` checks more (names, quantities, contradictions).
)";

inline constexpr const char* kCompletionFooter = R"(
Example:
  source <(altinity-deploy completion bash)
  altinity-deploy completion zsh > "${fpath[1]}/_altinity-deploy"
  altinity-deploy completion fish > ~/.config/fish/completions/altinity-deploy.fish
The Debian package installs all three where the shells look for them.
)";

}  // namespace altinity_deploy::cli
