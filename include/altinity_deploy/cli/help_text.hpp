#pragma once
// The words of --help, kept apart from the option wiring.

namespace altinity_deploy::cli {

inline constexpr const char* kAppDescription =
    "altinity-deploy: deploys the Altinity ClickHouse operator to Kubernetes from one manifest.";

inline constexpr const char* kAppFooter = R"(
Exit codes:
  0  success
  1  the operation failed (helm or kubectl said no); the manifest is untouched
  3  invalid manifest or command line; nothing was started
  4  cluster unreachable, helm/kubectl missing, or credentials unusable
  130 interrupted (SIGINT/SIGTERM)

Example:
  altinity-deploy validate -f examples/basic.yaml
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

inline constexpr const char* kUpFooter = R"(
Example:
  altinity-deploy up --manifest examples/basic.yaml --kubeconfig ~/.kube/prod --context prod
Creates the namespace (labelled app.kubernetes.io/managed-by=altinity-deploy), runs
helm upgrade --install with atomic rollback, cleanup on failure and wait, then writes
status.outputs into the manifest (everything else in the file is kept byte for byte).
)";

inline constexpr const char* kDestroyFooter = R"(
Example:
  altinity-deploy destroy --manifest examples/basic.yaml
Uninstalls the release (an absent release is fine), deletes the namespace when
altinity-deploy created it, and keeps the CRDs unless --delete-crds is given:
deleting them deletes every ClickHouse cluster they describe.
)";

inline constexpr const char* kStatusFooter = R"(
Example:
  altinity-deploy status --manifest examples/basic.yaml --output json
)";

}  // namespace altinity_deploy::cli
