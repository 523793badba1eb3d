// Manifest text that reaches helm/kubectl argv or the credentials folder:
// flag injection, whitespace and path traversal are located errors.
#include <gtest/gtest.h>

#include "altinity_deploy/manifest/manifest_loader.hpp"

namespace altinity_deploy::manifest {
namespace {

using Lines = std::vector<std::string>;

Lines spec_lines(const std::string& body) {
  const LoadResult result = load_manifest_text("apiVersion: kubernetes.project-planton.org/v1\n"
                                               "kind: AltinityOperatorKubernetes\n"
                                               "metadata:\n"
                                               "  name: op\n"
                                               "spec:\n" +
                                               body);
  Lines out;
  for (const Diagnostic& d : result.diagnostics) out.push_back(d.format("m.yaml"));
  return out;
}

TEST(ArgumentText, AChartNameThatHelmWouldReadAsAFlagIsRefused) {
  EXPECT_EQ(spec_lines("  chart: {name: --description}\n"),
            Lines{"m.yaml:6:17: spec.chart.name: must not start with '-': helm and kubectl would read the chart "
                  "name as a flag"});
  EXPECT_EQ(spec_lines("  chart: {name: \"altinity clickhouse\"}\n"),
            Lines{"m.yaml:6:17: spec.chart.name: contains a space at character 9; a chart name has only letters, "
                  "digits, '.', '_' and '-'"});
  EXPECT_EQ(spec_lines("  chart: {name: ../other}\n"), Lines{"m.yaml:6:17: spec.chart.name: must not start with '.'"});
  EXPECT_EQ(spec_lines("  chart: {name: a/b}\n"),
            Lines{"m.yaml:6:17: spec.chart.name: contains '/' at character 2; a chart name has only letters, digits, "
                  "'.', '_' and '-'"});
  EXPECT_TRUE(spec_lines("  chart: {name: altinity-clickhouse-operator_2.x}\n").empty());
}

TEST(ArgumentText, VersionAndRepoHaveNoWhitespaceOrControlCharacters) {
  EXPECT_EQ(spec_lines("  chart: {version: \"0.23.6\\n--set x=y\"}\n"),
            Lines{"m.yaml:6:20: spec.chart.version: contains a newline at character 7; a version (or constraint "
                  "such as '>=0.25.0') has no whitespace or control characters"});
  EXPECT_EQ(spec_lines("  chart: {version: \"-1\"}\n"),
            Lines{"m.yaml:6:20: spec.chart.version: must not start with '-': helm and kubectl would read the "
                  "version as a flag"});
  EXPECT_TRUE(spec_lines("  chart: {version: \">=0.25.0,<0.27\"}\n").empty()) << "constraints stay allowed";
  EXPECT_EQ(spec_lines("  chart: {repo: \"https://helm.altinity.com \\t\"}\n"),
            Lines{"m.yaml:6:17: spec.chart.repo: contains a space at character 26; a repository URL has no "
                  "whitespace or control characters"});
}

TEST(ArgumentText, ARepoUrlWithCredentialsIsRefusedWithoutEchoingThem) {
  const Lines lines = spec_lines("  chart: {repo: \"https://me:hunter2@charts.example.com/x\"}\n");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("must not carry credentials"), std::string::npos) << lines[0];
  EXPECT_EQ(lines[0].find("hunter2"), std::string::npos) << lines[0];
  EXPECT_TRUE(spec_lines("  chart: {repo: \"https://charts.example.com/a@b\"}\n").empty())
      << "an '@' in the path is not userinfo";
}

TEST(ArgumentText, ACredentialIdIsOneFileInsideTheCredentialsFolder) {
  for (const char* id : {"../outside/kc", "..", ".hidden", "a/b", "/etc/passwd", "-kc"}) {
    const Lines lines = spec_lines(std::string("  targetCluster: {credentialId: \"") + id + "\"}\n");
    ASSERT_EQ(lines.size(), 1u) << id;
    EXPECT_NE(lines[0].find("m.yaml:6:33: spec.targetCluster.credentialId: "), std::string::npos)
        << lines[0];
  }
  EXPECT_TRUE(spec_lines("  targetCluster: {credentialId: prod-eu_1.kubeconfig}\n").empty());
}

TEST(ArgumentText, AContextNameMayHoldColonsAndSlashesButNoControlCharacters) {
  EXPECT_TRUE(
      spec_lines("  targetCluster:\n    kubernetesClusterSelector:\n"
                 "      clusterName: \"arn:aws:eks:eu-west-1:123:cluster/prod\"\n")
          .empty());
  EXPECT_EQ(spec_lines("  targetCluster:\n    kubernetesClusterSelector: {clusterName: \"a\\u0007b\"}\n"),
            Lines{"m.yaml:7:46: spec.targetCluster.kubernetesClusterSelector.clusterName: contains the byte 0x07 "
                  "at character 2; a kube context name has no control characters"});
}

TEST(ArgumentText, ATokenInTheRepoQueryStringIsRefusedLikeUserinfo) {
  const Lines lines = spec_lines("  chart: {repo: \"https://charts.example/index?ref=main&token=S3CRQ\"}\n");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("must not carry a secret in its query string"), std::string::npos) << lines[0];
  EXPECT_EQ(lines[0].find("S3CRQ"), std::string::npos) << lines[0];
  EXPECT_TRUE(spec_lines("  chart: {repo: \"https://charts.example/?ref=main\"}\n").empty());
}

TEST(ArgumentText, LengthsAreBoundedBeforeTheyReachAnArgv) {
  // 300,000 digits once passed validate and then failed as "Argument list too
  // long" with a hint to install helm.
  const Lines lines = spec_lines("  chart: {version: \"" + std::string(300000, '1') + "\"}\n");
  EXPECT_EQ(lines, Lines{"m.yaml:6:20: spec.chart.version: is 300000 characters long; at most 128 are allowed"});
  EXPECT_EQ(spec_lines("  chart: {name: " + std::string(251, 'a') + "}\n"),
            Lines{"m.yaml:6:17: spec.chart.name: is 251 characters long; at most 250 are allowed"});
}

TEST(ArgumentText, WatchPatternsGoRefusesAreRefusedAndQuotedShortly) {
  const Lines any_byte = spec_lines("  watchNamespaces: [\"a\\\\Cb\", \"a\\\\\\\\Cb\"]\n");
  EXPECT_EQ(any_byte, Lines{"m.yaml:6:3: spec.watchNamespaces[0]: not a regular expression in Go's syntax (which the "
                            "operator uses): \\C (any byte) is RE2's, not Go's"})
      << "an escaped backslash before C is a literal C";
  const Lines long_error = spec_lines("  watchNamespaces: [\"(" + std::string(500, 'x') + "\"]\n");
  ASSERT_EQ(long_error.size(), 1u);
  EXPECT_LT(long_error[0].size(), 200u) << long_error[0];
}

}  // namespace
}  // namespace altinity_deploy::manifest
