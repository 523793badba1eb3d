// The chart's CRDs: splitting `helm show crds`, fingerprints, the annotated
// apply document, and the CRD step's kubectl call.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "altinity_deploy/actions/crd_step.hpp"
#include "altinity_deploy/core/sha256.hpp"
#include "support/recording_runner.hpp"
#include "altinity_deploy/plan/crd_documents.hpp"
#include "altinity_deploy/yaml/yaml_loader.hpp"
#include "altinity_deploy/yaml/yaml_to_json.hpp"

namespace altinity_deploy::plan {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(Sha256, KnownVectors) {
  EXPECT_EQ(core::sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(core::sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(core::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(core::sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, PaddingBoundaries) {
  // 55 bytes fit the length into the block, 56 need a second block.
  EXPECT_EQ(core::sha256_hex(std::string(55, 'a')),
            "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  EXPECT_EQ(core::sha256_hex(std::string(56, 'a')),
            "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  EXPECT_EQ(core::sha256_hex(std::string(64, 'a')),
            "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

TEST(SplitYamlDocuments, SeparatorsEmptyAndCommentOnlyDocuments) {
  const std::string text =
      "---\n"
      "# Source: a.yaml\n"
      "kind: A\n"
      "---\n"
      "\n"
      "---\n"
      "# only a comment\n"
      "--- # a comment on the separator\n"
      "kind: B\n"
      "description: |\n"
      "  text with --- inside\n"
      "\n"
      "\n";
  EXPECT_THAT(split_yaml_documents(text),
              ElementsAre("# Source: a.yaml\nkind: A\n", "kind: B\ndescription: |\n  text with --- inside\n"));
}

TEST(SplitYamlDocuments, NoLeadingSeparatorContentOnTheSeparatorLineAndDocumentEnd) {
  EXPECT_THAT(split_yaml_documents("kind: A\n--- kind: B\n...\n---\nkind: C"),
              ElementsAre("kind: A\n", "kind: B\n", "kind: C\n"));
  EXPECT_THAT(split_yaml_documents("kind: A\r\n---\r\nkind: B\r\n"), ElementsAre("kind: A\r\n", "kind: B\r\n"));
  EXPECT_THAT(split_yaml_documents("----\nkind: A\n"), ElementsAre("----\nkind: A\n")) << "not a separator";
  EXPECT_TRUE(split_yaml_documents("").empty());
  EXPECT_TRUE(split_yaml_documents("---\n---\n").empty());
}

constexpr const char* kTwoCrds =
    "---\n"
    "# Template Parameters:\n"
    "apiVersion: apiextensions.k8s.io/v1\n"
    "kind: CustomResourceDefinition\n"
    "metadata:\n"
    "  name: clickhouseinstallations.clickhouse.altinity.com\n"
    "  labels:\n"
    "    clickhouse.altinity.com/chop: 0.26.0\n"
    "  annotations:\n"
    "    controller-gen: \"x\"\n"
    "spec:\n"
    "  preserveUnknownFields: false\n"
    "  names: {kind: ClickHouseInstallation, shortNames: [chi]}\n"
    "---\n"
    "apiVersion: apiextensions.k8s.io/v1\n"
    "kind: CustomResourceDefinition\n"
    "metadata:\n"
    "  name: clickhousekeeperinstallations.clickhouse-keeper.altinity.com\n";

TEST(CrdVersion, EitherOperatorLabel) {
  EXPECT_EQ(crd_version(json::parse(R"({"metadata": {"labels": {"clickhouse.altinity.com/chop": "0.23.6"}}})")),
            "0.23.6");
  EXPECT_EQ(crd_version(json::parse(R"({"metadata": {"labels": {"clickhouse-keeper.altinity.com/chop": "0.26.0"}}})")),
            "0.26.0");
  EXPECT_EQ(crd_version(json::parse(R"({"metadata": {"name": "x"}})")), "");
}

TEST(ParseCrdDocuments, NamesVersionsFingerprintsAndAnnotations) {
  auto crds = parse_crd_documents(kTwoCrds);
  ASSERT_TRUE(crds) << crds.error().message;
  ASSERT_EQ(crds->size(), 2u);
  const CrdDocument& chi = (*crds)[0];
  EXPECT_EQ(chi.name, "clickhouseinstallations.clickhouse.altinity.com");
  EXPECT_EQ(chi.version, "0.26.0");
  EXPECT_EQ(chi.sha256, core::sha256_hex(yaml::to_json(yaml::load(split_yaml_documents(kTwoCrds)[0]).root).dump()));
  EXPECT_EQ(chi.object["metadata"]["annotations"],
            json({{"controller-gen", "x"}, {kCrdHashAnnotation, chi.sha256}}));
  EXPECT_EQ(chi.object["spec"]["preserveUnknownFields"], json(false)) << "YAML 1.1 types, as kubectl reads them";
  EXPECT_EQ(chi.object["spec"]["names"]["shortNames"], json::parse(R"(["chi"])"));

  const CrdDocument& chk = (*crds)[1];
  EXPECT_EQ(chk.version, "");
  EXPECT_FALSE(chk.object["metadata"].contains("labels"));
  EXPECT_EQ(chk.object["metadata"]["annotations"], json({{kCrdHashAnnotation, chk.sha256}}));
  EXPECT_NE(chi.sha256, chk.sha256);
}

TEST(ParseCrdDocuments, TheFingerprintFollowsTheContentNotTheText) {
  auto plain = parse_crd_documents(kTwoCrds);
  // Other comments, blank lines, flow style, key order: the same content.
  auto restyled = parse_crd_documents(
      "\n# another comment\n"
      "kind: CustomResourceDefinition\n"
      "apiVersion: apiextensions.k8s.io/v1\n"
      "metadata: {name: clickhouseinstallations.clickhouse.altinity.com,\n"
      "  annotations: {controller-gen: x}, labels: {clickhouse.altinity.com/chop: \"0.26.0\"}}\n"
      "spec:\n"
      "  names:\n"
      "    shortNames: [chi]\n"
      "    kind: ClickHouseInstallation\n"
      "  preserveUnknownFields: no\n"
      "\n---\n");
  ASSERT_TRUE(plain && restyled);
  EXPECT_EQ((*plain)[0].sha256, (*restyled)[0].sha256);
  std::string changed = kTwoCrds;
  changed.replace(changed.find("0.26.0"), 6, "0.26.1");
  auto other = parse_crd_documents(changed);
  ASSERT_TRUE(other);
  EXPECT_NE((*plain)[0].sha256, (*other)[0].sha256);
  EXPECT_EQ((*plain)[1].sha256, (*other)[1].sha256);
}

// Helm 3's `helm show crds` prints the chart's files one after the other,
// without "---" between them; Helm 4 separates them. Both give the same CRDs.
TEST(ParseCrdDocuments, Helm3PrintsTheFilesWithoutSeparators) {
  const std::string helm3 =
      "# Template Parameters:\n"
      "#\n"
      "# KIND=ClickHouseInstallation\n"
      "apiVersion: apiextensions.k8s.io/v1\n"
      "kind: CustomResourceDefinition\n"
      "metadata:\n"
      "  name: a.clickhouse.altinity.com\n"
      "spec:\n"
      "  description: |\n"
      "    apiVersion: not a key, block text\n"
      "\n"
      "# Template Parameters:\n"
      "apiVersion: apiextensions.k8s.io/v1\n"
      "kind: CustomResourceDefinition\n"
      "metadata:\n"
      "  name: b.clickhouse.altinity.com\n";
  EXPECT_THAT(split_yaml_documents(helm3),
              ElementsAre(::testing::StartsWith("# Template Parameters:\n#\n# KIND=ClickHouseInstallation\napiVersion"),
                          ::testing::StartsWith("# Template Parameters:\napiVersion")));
  std::string helm4;
  const auto documents = split_yaml_documents(helm3);
  for (const auto& document : documents) helm4 += "---\n" + document;
  auto from3 = parse_crd_documents(helm3);
  auto from4 = parse_crd_documents(helm4);
  ASSERT_TRUE(from3) << from3.error().message;
  ASSERT_TRUE(from4) << from4.error().message;
  ASSERT_EQ(from3->size(), 2u);
  EXPECT_EQ((*from3)[1].name, "b.clickhouse.altinity.com");
  EXPECT_EQ((*from3)[0].object["spec"]["description"], "apiVersion: not a key, block text\n");
  for (size_t i = 0; i < 2; ++i) EXPECT_EQ((*from3)[i].sha256, (*from4)[i].sha256);
}

TEST(ParseCrdDocuments, AnythingButANamedCrdIsAnError) {
  auto not_crd = parse_crd_documents("---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
  ASSERT_FALSE(not_crd);
  EXPECT_THAT(not_crd.error().message, HasSubstr("document 1 is a ConfigMap named 'x'"));
  auto broken = parse_crd_documents("---\nkind: CustomResourceDefinition\nmetadata: [\n");
  ASSERT_FALSE(broken);
  EXPECT_THAT(broken.error().message, HasSubstr("document 1 does not parse"));
  auto none = parse_crd_documents("");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST(ParseCrdDocuments, TheFixtureChartsCrds) {
  std::string helm3;
  std::string helm4;
  for (const char* file : {"clickhouseinstallations.clickhouse.altinity.com",
                           "clickhouseinstallationtemplates.clickhouse.altinity.com",
                           "clickhousekeeperinstallations.clickhouse-keeper.altinity.com",
                           "clickhouseoperatorconfigurations.clickhouse.altinity.com"}) {
    std::ifstream in(std::string(ALTINITY_DEPLOY_TEST_DATA) +
                     "/../../fixtures/charts/altinity-clickhouse-operator/crds/CustomResourceDefinition-" + file +
                     ".yaml");
    ASSERT_TRUE(in) << file;
    std::ostringstream text;
    text << in.rdbuf();
    helm4 += "---\n" + text.str() + "\n";  // as helm show crds prints them
    helm3 += text.str() + "\n";
  }
  for (const std::string* all : {&helm3, &helm4}) {
    auto crds = parse_crd_documents(*all);
    ASSERT_TRUE(crds) << crds.error().message;
    ASSERT_EQ(crds->size(), 4u);
    for (const auto& crd : *crds) EXPECT_EQ(crd.version, "0.23.6-fixture") << crd.name;
  }
}

TEST(CrdApplyDocument, OneV1ListOfTheAnnotatedObjects) {
  auto crds = parse_crd_documents(kTwoCrds);
  ASSERT_TRUE(crds);
  const json list = json::parse(crd_apply_document(*crds));
  EXPECT_EQ(list["apiVersion"], "v1");
  EXPECT_EQ(list["kind"], "List");
  ASSERT_EQ(list["items"].size(), 2u);
  EXPECT_EQ(list["items"][1], (*crds)[1].object);
}

TEST(CrdStep, OneServerSideApplyWithForcedConflictsAndOurFieldManager) {
  exec::RecordingRunner runner;
  runner.on({"kubectl", "apply"}).reply(0);
  tools::KubectlClient kubectl(runner, "kubectl", {"/k/config", "prod"});
  auto crds = parse_crd_documents(kTwoCrds);
  ASSERT_TRUE(crds);
  ASSERT_TRUE(actions::apply_crds(kubectl, *crds));
  const auto calls = runner.calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_THAT(calls[0].argv,
              ElementsAre("kubectl", "apply", "--server-side", "--field-manager=altinity-deploy", "--filename", "-",
                          "--request-timeout=30s", "--force-conflicts", "--kubeconfig", "/k/config", "--context",
                          "prod"));
  EXPECT_EQ(calls[0].stdin_data, crd_apply_document(*crds));
}

TEST(CrdStep, NothingToApplyStartsNothing) {
  exec::RecordingRunner runner;
  tools::KubectlClient kubectl(runner, "kubectl", {});
  EXPECT_TRUE(actions::apply_crds(kubectl, {}));
  EXPECT_TRUE(runner.commands().empty());
}

TEST(CrdStep, AFailedApplyNamesKubectlAndHints) {
  exec::RecordingRunner runner;
  runner.on({"kubectl", "apply"}).reply(1, "", "Error from server (Forbidden): customresourcedefinitions is forbidden");
  tools::KubectlClient kubectl(runner, "kubectl", {});
  auto crds = parse_crd_documents(kTwoCrds);
  ASSERT_TRUE(crds);
  auto applied = actions::apply_crds(kubectl, *crds);
  ASSERT_FALSE(applied);
  EXPECT_THAT(applied.error().message, HasSubstr("Forbidden"));
  EXPECT_THAT(applied.error().hint, HasSubstr("createCrds: false"));
}

}  // namespace
}  // namespace altinity_deploy::plan
