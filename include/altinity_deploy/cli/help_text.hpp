#pragma once
// The words of --help, kept apart from the option wiring.

namespace altinity_deploy::cli {

inline constexpr const char* kAppDescription =
    "altinity-deploy: deploys the Altinity ClickHouse operator to Kubernetes from one manifest\n"
    "(Project Planton's: apiVersion kubernetes.project-planton.org/v1, kind AltinityOperator or the older\n"
    "AltinityOperatorKubernetes; docs/manifest.md).";

// One line of a table that both --help and the man page print.
struct HelpEntry {
  const char* name;
  const char* text;
};

inline constexpr HelpEntry kExitStatus[] = {
    {"0", "success; also when up/destroy left the manifest unwritten (a warning says why; up prints the outputs)"},
    {"1", "the operation failed (helm or kubectl said no), destroy was not confirmed, or up refused to install "
          "beside another operator; the manifest is untouched"},
    {"2", "plan --detailed-exitcode (or up --dry-run --detailed-exitcode): there are changes to make"},
    {"3", "invalid manifest or command line; nothing was started"},
    {"4", "cluster unreachable, helm/kubectl missing, or credentials unusable"},
    {"5", "another run holds the release lock"},
    {"6", "up --plan FILE (apply FILE): the saved plan is stale (the manifest, chart or cluster moved); nothing "
          "was changed"},
    {"130", "interrupted (SIGINT/SIGTERM)"},
};

// Every variable the deployer reads (ALTINITY_DEPLOY_REPORT_FILE and _RUSAGE
// are set by the deployer itself for its fleet's targets and by bench/).
inline constexpr HelpEntry kEnvironment[] = {
    {"ALTINITY_DEPLOY_MANIFEST", "the manifest when no -f is given"},
    {"ALTINITY_DEPLOY_CREDENTIALS_DIR", "the folder of kubeconfigs named by credential id (--credentials-dir wins)"},
    {"KUBECONFIG", "the kubeconfig when neither --kubeconfig nor the manifest's credential names one"},
    {"ALTINITY_DEPLOY_NO_CACHE", "1: keep no answers of helm version / helm show in the read cache"},
    {"ALTINITY_DEPLOY_RELEASE_READER", "helm: read the release with helm, not from its Secrets"},
    {"HELM_DRIVER", "Helm's storage driver; other than secret, the release is read with helm"},
    {"NO_COLOR", "non-empty: no colour with --color auto"},
    {"GITHUB_ACTIONS", "true: manifest problems also as workflow annotations"},
    {"XDG_CACHE_HOME", "where the read cache lives (default ~/.cache)"},
    {"HOME", "the default credentials folder and cache"},
    {"TMPDIR", "where the 0600 values file is written (default /tmp)"},
    {"PATH", "where helm and kubectl are found (--helm, --kubectl win)"},
};

inline constexpr HelpEntry kFiles[] = {
    {"~/.config/altinity-deploy/credentials/ID", "the kubeconfig of credential ID (mode 0600)"},
    {"~/.cache/altinity-deploy/reads/", "answers that cannot change (helm version, helm show); safe to delete"},
    {"MANIFEST", "up writes status.outputs into it; destroy removes them (--no-write-status: neither)"},
};

inline constexpr const char* kAppExamples = R"(
  altinity-deploy validate examples/basic.yaml
  altinity-deploy plan -f examples/basic.yaml
  altinity-deploy up -f examples/basic.yaml
  altinity-deploy up fleet/ -l env=prod --waves region=eu,us
  ALTINITY_DEPLOY_MANIFEST=op.yaml altinity-deploy destroy
)";

// The precedence of cluster::choose_kube_target, for the man page.
inline constexpr const char* kWhichClusterText = R"(
The kubeconfig, highest first:
  1. --kubeconfig FILE
  2. the manifest's spec.targetCluster credential: the file <credentials dir>/<id>
  3. $KUBECONFIG
  4. kubectl's default (~/.kube/config)
The context: --context, else the manifest's clusterName, else the kubeconfig's current context.
A fleet whose manifests name different clusters refuses --kubeconfig/--context (exit 3)
unless --same-cluster says they are one cluster.
)";

inline constexpr const char* kValidateFooter = R"(
Example:
  altinity-deploy validate --manifest examples/basic.yaml
Every problem is printed as FILE:LINE:COL: PATH: MESSAGE; exit 3 when there is one.
)";

inline constexpr const char* kRenderFooter = R"(
Example:
  altinity-deploy render --manifest examples/basic.yaml --helm-major 4
  altinity-deploy render --manifest examples/basic.yaml --manifests | kubeconform -strict
Needs no cluster. Secrets in the values are shown as <redacted>.
--manifests prints the Kubernetes objects `up` would apply instead: the chart's CRDs
(createCrds), then `helm template` of the release with up's values, in Helm's install
order, as YAML documents. It runs helm, not kubectl. Secrets' data is masked (base64
of <redacted>) unless --show-secrets; the operator's password is <generated>, which
up generates at deploy time. Rendered for helm's built-in Kubernetes version unless
--kube-version is given (stderr says which).
)";

inline constexpr const char* kPlanFooter = R"(
Example:
  altinity-deploy plan --manifest examples/basic.yaml --detailed-exitcode
Compares the manifest with the cluster and lists what `up` would change: the
namespace, the release (absent, failed or pending), the chart version, each Helm
value as `path: old -> new` (secrets shown as <redacted>), and with createCrds the
CRDs that would be created or updated. With a chart or values change it also renders
the new release (helm template for the cluster's Kubernetes version) and lists each
object that will be created (+), updated (~, with `path: old -> new`) or deleted (-),
from the chart or from drift; Secret data never shows. --diff full prints each
changed object's unified diff. Read-only: creates nothing, takes no lock.
Exit 0 when the plan was computed; with --detailed-exitcode 0 = no changes,
2 = changes, 1 = error (3: invalid manifest, 4: cluster unreachable).
It also names any other Helm release of the operator's chart in the cluster
(`! another operator: ...`), beside which up refuses to run.
--output json lists the changes as an array. Aliases: diff, preview.
--out FILE also saves the plan (JSON, mode 0600, digests only, no secret) for
`up --plan FILE` (or `apply FILE`) to apply exactly (docs/saved-plans.md).
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
Refuses (exit 1, changing nothing) when another Helm release of the operator's
chart runs in the cluster, such as the altinity-clickhouse-operator release
Planton's module installs: set spec.helm.releaseName and spec.namespace to that
release's to take it over (up upgrades it in place), or pass
--allow-second-operator to run two operators on purpose.
--plan FILE (or `apply FILE`) applies a plan saved by `plan --out FILE` and only
that: it plans again and, when the manifest, the chart, the values, the release,
the namespace, the CRDs or the drift moved since, exits 6 changing nothing. A
tampered or unreadable plan file: exit 3. Without -f, the plan's own manifest.
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
