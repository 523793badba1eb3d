#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "altinity_deploy/cluster/kube_target.hpp"

namespace altinity_deploy::cluster {
namespace {

class KubeTarget : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/kube-target-XXXXXX";
    dir_ = ::mkdtemp(pattern);
    inputs_.credentials_dir_flag = dir_;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void write_credential(const std::string& id, mode_t mode) {
    std::ofstream(dir_ + "/" + id) << "apiVersion: v1\n";
    ::chmod((dir_ + "/" + id).c_str(), mode);
  }
  std::string dir_;
  AccessInputs inputs_;
};

TEST_F(KubeTarget, CredentialIdNamesAKubeconfigInTheCredentialsFolder) {
  write_credential("prod", 0600);
  spec::TargetCluster target;
  target.credential_id = "prod";
  auto resolved = resolve_access(inputs_, target);
  ASSERT_TRUE(resolved) << resolved.error().message;
  EXPECT_EQ(resolved->access.kubeconfig, dir_ + "/prod");
  EXPECT_EQ(resolved->kubeconfig_source, "credential 'prod'");
}

TEST_F(KubeTarget, RefusesACredentialOthersCanRead) {
  write_credential("prod", 0644);
  spec::TargetCluster target;
  target.credential_id = "prod";
  auto resolved = resolve_access(inputs_, target);
  ASSERT_FALSE(resolved);
  EXPECT_EQ(resolved.error().code, ExitCode::unavailable);
  EXPECT_EQ(resolved.error().message,
            "the credential " + dir_ + "/prod can be read by others (mode 0644); refusing to use it");
  EXPECT_EQ(resolved.error().hint, "chmod 600 " + dir_ + "/prod");
}

TEST_F(KubeTarget, RefusesACredentialsFolderOthersCanWrite) {
  write_credential("prod", 0600);
  ::chmod(dir_.c_str(), 0777);
  spec::TargetCluster target;
  target.credential_id = "prod";
  auto resolved = resolve_access(inputs_, target);
  ASSERT_FALSE(resolved);
  EXPECT_EQ(resolved.error().message,
            "the credentials folder " + dir_ + " can be written by others (mode 0777); refusing to use it");
  EXPECT_EQ(resolved.error().hint, "chmod 700 " + dir_);
}

// Another user's kubeconfig could run its exec plugin as us. Making a file
// another user owns takes root (chown), as the red team's two-user run did.
TEST_F(KubeTarget, RefusesACredentialAnotherUserOwns) {
  if (::geteuid() != 0) GTEST_SKIP() << "SKIPPED LOUDLY: chown to another user needs root; run the unit tests as root";
  write_credential("prod", 0600);
  ASSERT_EQ(::chown((dir_ + "/prod").c_str(), 65534, 65534), 0);
  spec::TargetCluster target;
  target.credential_id = "prod";
  auto resolved = resolve_access(inputs_, target);
  ASSERT_FALSE(resolved);
  EXPECT_EQ(resolved.error().message,
            "the credential " + dir_ + "/prod belongs to user id 65534, not to us; refusing to use it");
  EXPECT_NE(resolved.error().hint.find("install -m 600"), std::string::npos) << resolved.error().hint;
  ASSERT_EQ(::chown(dir_.c_str(), 65534, 65534), 0);
  ASSERT_EQ(::chown((dir_ + "/prod").c_str(), 0, 0), 0);
  resolved = resolve_access(inputs_, target);
  ASSERT_FALSE(resolved);
  EXPECT_EQ(resolved.error().message,
            "the credentials folder " + dir_ + " belongs to user id 65534, not to us; refusing to use it");
}

TEST_F(KubeTarget, MissingCredentialIsUnavailable) {
  spec::TargetCluster target;
  target.credential_id = "nope";
  auto resolved = resolve_access(inputs_, target);
  ASSERT_FALSE(resolved);
  EXPECT_EQ(resolved.error().code, ExitCode::unavailable);
}

// The precedence table (docs/commands.md "Which cluster"), one test per row.
TEST_F(KubeTarget, Row1TheKubeconfigFlagBeatsTheManifestsCredentialWithANote) {
  write_credential("prod", 0600);
  write_credential("flag-config", 0600);
  spec::TargetCluster target;
  target.credential_id = "prod";
  inputs_.kubeconfig_flag = dir_ + "/flag-config";
  inputs_.kubeconfig_env = dir_ + "/prod";
  auto resolved = resolve_access(inputs_, target);
  ASSERT_TRUE(resolved) << resolved.error().message;
  EXPECT_EQ(resolved->access.kubeconfig, dir_ + "/flag-config");
  EXPECT_EQ(resolved->kubeconfig_source, "--kubeconfig");
  EXPECT_EQ(resolved->notes, std::vector<std::string>{"--kubeconfig overrides the manifest's credential 'prod'"});
}

TEST_F(KubeTarget, Row1TheKubeconfigFlagBeatsKubeconfigFromTheEnvironment) {
  write_credential("env-config", 0600);
  write_credential("flag-config", 0600);
  inputs_.kubeconfig_flag = dir_ + "/flag-config";
  inputs_.kubeconfig_env = dir_ + "/env-config";
  auto choice = choose_kube_target(inputs_, {});
  EXPECT_EQ(choice.source, KubeconfigSource::flag);
  EXPECT_EQ(resolve_access(inputs_, {})->access.kubeconfig, dir_ + "/flag-config");
}

// The bug this order fixes: KUBECONFIG left set in a shell sent every
// target of a fleet to its one cluster.
TEST_F(KubeTarget, Row2TheManifestsCredentialBeatsKubeconfigFromTheEnvironment) {
  write_credential("prod", 0600);
  write_credential("env-config", 0600);
  spec::TargetCluster target;
  target.credential_id = "prod";
  inputs_.kubeconfig_env = dir_ + "/env-config";
  auto resolved = resolve_access(inputs_, target);
  ASSERT_TRUE(resolved) << resolved.error().message;
  EXPECT_EQ(resolved->access.kubeconfig, dir_ + "/prod");
  EXPECT_EQ(resolved->kubeconfig_source, "credential 'prod'");
  EXPECT_EQ(resolved->notes, std::vector<std::string>{"the manifest's credential 'prod' is used, not KUBECONFIG"});
  inputs_.kubeconfig_env.clear();
  EXPECT_TRUE(resolve_access(inputs_, target)->notes.empty()) << "no note when KUBECONFIG is unset";
}

TEST_F(KubeTarget, Row3KubeconfigFromTheEnvironmentWhenTheManifestNamesNoCredential) {
  write_credential("env-config", 0600);
  inputs_.kubeconfig_env = dir_ + "/env-config";
  spec::TargetCluster target;
  target.cluster_name = "ctx";  // a context alone is looked up in KUBECONFIG's file
  auto resolved = resolve_access(inputs_, target);
  ASSERT_TRUE(resolved) << resolved.error().message;
  EXPECT_EQ(resolved->access.kubeconfig, dir_ + "/env-config");
  EXPECT_EQ(resolved->access.context, "ctx");
  EXPECT_EQ(resolved->kubeconfig_source, "KUBECONFIG");
}

TEST_F(KubeTarget, Row4KubectlsDefaultWhenNothingNamesAKubeconfig) {
  auto resolved = resolve_access(inputs_, {});
  ASSERT_TRUE(resolved) << resolved.error().message;
  EXPECT_EQ(resolved->access.kubeconfig, "");
  EXPECT_EQ(resolved->access.context, "");
  EXPECT_EQ(resolved->kubeconfig_source, "kubectl's default");
  EXPECT_EQ(describe_choice(choose_kube_target(inputs_, {})), "kubectl's default");
}

TEST_F(KubeTarget, TheChoiceIsNamedWithoutReadingAnyFile) {
  spec::TargetCluster target;
  target.credential_id = "eu-prod";
  target.cluster_name = "eu";
  inputs_.kubeconfig_env = "/nowhere/config";
  EXPECT_EQ(describe_choice(choose_kube_target(inputs_, target)), "credential eu-prod context eu");
  EXPECT_EQ(manifest_cluster(target), "credential eu-prod context eu");
  inputs_.kubeconfig_flag = "/k";
  inputs_.context_flag = "c";
  EXPECT_EQ(describe_choice(choose_kube_target(inputs_, target)), "kubeconfig /k context c");
  EXPECT_EQ(manifest_cluster(target), "credential eu-prod context eu") << "the manifest's own, flags left out";
  EXPECT_EQ(manifest_cluster({}), "");
}

TEST_F(KubeTarget, KubeconfigListIsLeftToTheTools) {
  write_credential("b", 0600);
  inputs_.kubeconfig_env = "/nonexistent/a:" + dir_ + "/b";  // kubectl skips the missing one
  auto resolved = resolve_access(inputs_, {});
  ASSERT_TRUE(resolved) << resolved.error().message;
  EXPECT_EQ(resolved->access.kubeconfig, "");
  EXPECT_EQ(resolved->kubeconfig_source, "KUBECONFIG");
}

// kubectl reads a missing KUBECONFIG file as an empty config and then talks
// to localhost:8080; the error must name the file instead.
TEST_F(KubeTarget, MissingKubeconfigFileFromTheEnvironmentIsNamed) {
  inputs_.kubeconfig_env = dir_ + "/missing";
  auto resolved = resolve_access(inputs_, {});
  ASSERT_FALSE(resolved);
  EXPECT_EQ(resolved.error().code, ExitCode::unavailable);
  EXPECT_EQ(resolved.error().message,
            "the kubeconfig " + dir_ + "/missing (from KUBECONFIG) cannot be read: No such file or directory");
  EXPECT_EQ(resolved.error().hint, "point KUBECONFIG at the cluster's kubeconfig file");
}

TEST_F(KubeTarget, MissingKubeconfigFileFromTheFlagIsNamed) {
  inputs_.kubeconfig_flag = dir_ + "/missing";
  auto resolved = resolve_access(inputs_, {});
  ASSERT_FALSE(resolved);
  EXPECT_EQ(resolved.error().message,
            "the kubeconfig " + dir_ + "/missing (from --kubeconfig) cannot be read: No such file or directory");
  inputs_.kubeconfig_flag = dir_;
  EXPECT_EQ(resolve_access(inputs_, {}).error().message,
            "the kubeconfig " + dir_ + " (from --kubeconfig) is a folder, not a file");
}

TEST_F(KubeTarget, KubeconfigListWithNoFileThereIsNamed) {
  inputs_.kubeconfig_env = "/nonexistent/a:/nonexistent/b";
  auto resolved = resolve_access(inputs_, {});
  ASSERT_FALSE(resolved);
  EXPECT_EQ(resolved.error().message,
            "none of the kubeconfig files in KUBECONFIG (/nonexistent/a:/nonexistent/b) can be read");
}

TEST_F(KubeTarget, ContextRowsTheFlagThenTheClusterSelectorThenTheCurrentContext) {
  spec::TargetCluster target;
  EXPECT_EQ(resolve_access(inputs_, target)->access.context, "");
  target.cluster_name = "prod-ctx";
  EXPECT_EQ(resolve_access(inputs_, target)->access.context, "prod-ctx");
  inputs_.context_flag = "other";
  auto resolved = resolve_access(inputs_, target);
  EXPECT_EQ(resolved->access.context, "other");
  EXPECT_EQ(resolved->notes, std::vector<std::string>{"--context overrides the manifest's cluster 'prod-ctx'"});
}

TEST(CredentialsDir, FlagThenEnvironmentThenHome) {
  AccessInputs inputs;
  inputs.home = "/home/u";
  EXPECT_EQ(credentials_dir(inputs), "/home/u/.config/altinity-deploy/credentials");
  inputs.credentials_dir_env = "/env";
  EXPECT_EQ(credentials_dir(inputs), "/env");
  inputs.credentials_dir_flag = "/flag";
  EXPECT_EQ(credentials_dir(inputs), "/flag");
}

}  // namespace
}  // namespace altinity_deploy::cluster
