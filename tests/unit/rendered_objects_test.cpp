// render --manifests: `helm template`'s stream split into objects, their
// install order, and the masking of Secrets (no secret value survives).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "altinity_deploy/plan/rendered_objects.hpp"
#include "altinity_deploy/plan/secret_masking.hpp"
#include "altinity_deploy/yaml/yaml_emitter.hpp"
#include "altinity_deploy/yaml/yaml_loader.hpp"
#include "altinity_deploy/yaml/yaml_to_json.hpp"

namespace altinity_deploy::plan {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

std::vector<std::string> kinds_and_names(const std::vector<RenderedObject>& objects) {
  std::vector<std::string> out;
  for (const auto& rendered : objects) {
    const yaml::Node* metadata = rendered.object.find("metadata");
    out.push_back(member_text(rendered.object, "kind") + "/" + (metadata ? member_text(*metadata, "name") : ""));
  }
  return out;
}

yaml::Node load(const std::string& text) {
  auto loaded = yaml::load(text);
  EXPECT_TRUE(loaded.problems.empty()) << text;
  return loaded.root;
}

TEST(RenderedObjects, SplitsHelmTemplateOutputKeepingEachSource) {
  const std::string text =
      "---\n# Source: op/templates/sa.yaml\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\n"
      "\n# only a comment left over from a template\n"
      "---\n# Source: op/templates/empty.yaml\n# nothing rendered\n"
      "---\n# Source: op/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n"
      "data:\n  config.yaml: |\n    a: 1\n    ---\n    b: 2\n";
  auto objects = parse_rendered_objects(text);
  ASSERT_TRUE(objects) << objects.error().message;
  EXPECT_THAT(kinds_and_names(*objects), ElementsAre("ServiceAccount/sa", "ConfigMap/cm"));
  EXPECT_EQ((*objects)[0].source, "op/templates/sa.yaml");
  EXPECT_EQ((*objects)[1].source, "op/templates/cm.yaml");
  // An indented "---" inside a block scalar is content, not a separator.
  EXPECT_EQ((*objects)[1].object.find("data")->find("config.yaml")->text(), "a: 1\n---\nb: 2\n");
}

TEST(RenderedObjects, ADocumentThatDoesNotParseIsNamedBySource) {
  auto objects = parse_rendered_objects("---\n# Source: op/templates/bad.yaml\nkind: [\n");
  ASSERT_FALSE(objects);
  EXPECT_THAT(objects.error().message, HasSubstr("document 1 (op/templates/bad.yaml) does not parse"));
  auto no_kind = parse_rendered_objects("---\napiVersion: v1\n---\n# Source: op/x.yaml\nmetadata: {name: x}\n");
  ASSERT_FALSE(no_kind);
  EXPECT_THAT(no_kind.error().message, HasSubstr("document 1 is not a Kubernetes object (no kind)"));
}

// helm template always writes "---": a repeated top-level key is a duplicate
// key of one document (refused), never a second document. Split otherwise,
// a Secret's stringData would sit in a ConfigMap and be printed unmasked.
TEST(RenderedObjects, ARepeatedTopLevelKeyIsRefusedNotSplit) {
  auto objects = parse_rendered_objects(
      "---\n# Source: op/templates/s.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: s}\n"
      "stringData: {password: s3cr3t-split}\nkind: Secret\nmetadata: {name: s}\n");
  ASSERT_FALSE(objects) << "split into " << objects->size() << " objects";
  EXPECT_THAT(objects.error().message, HasSubstr("document 1 (op/templates/s.yaml) does not parse"));
  EXPECT_THAT(objects.error().message, Not(HasSubstr("s3cr3t-split")));
}

TEST(RenderedObjects, SortedInHelmsInstallOrderThenNamespaceAndName) {
  auto objects = parse_rendered_objects(
      "kind: Deployment\nmetadata: {name: op}\n---\nkind: Frobnicator\nmetadata: {name: a}\n---\n"
      "kind: ConfigMap\nmetadata: {name: b, namespace: n2}\n---\nkind: ConfigMap\nmetadata: {name: z, namespace: n1}\n"
      "---\nkind: ClusterRole\nmetadata: {name: r}\n---\nkind: Secret\nmetadata: {name: s}\n---\n"
      "kind: ServiceAccount\nmetadata: {name: sa}\n---\nkind: Alpha\nmetadata: {name: a}\n");
  ASSERT_TRUE(objects);
  sort_for_install(*objects);
  EXPECT_THAT(kinds_and_names(*objects),
              ElementsAre("ServiceAccount/sa", "Secret/s", "ConfigMap/z", "ConfigMap/b", "ClusterRole/r",
                          "Deployment/op", "Alpha/a", "Frobnicator/a"));
  EXPECT_LT(install_rank("Namespace"), install_rank("Secret"));
  EXPECT_EQ(install_rank("Alpha"), install_rank("Frobnicator"));
}

// Every secret below, and its base64, must be gone after masking.
constexpr const char* kSecrets[] = {"s3cr3t-data", "s3cr3t-string", "s3cr3t-listed", "s3cr3t-nested",
                                    "s3cr3t-env"};
// base64 of s3cr3t-data, s3cr3t-listed, s3cr3t-nested.
constexpr const char* kEncoded[] = {"czNjcjN0LWRhdGE=", "czNjcjN0LWxpc3RlZA==", "czNjcjN0LW5lc3RlZA=="};

void expect_no_secret(const yaml::Node& node) {
  const std::string shown = yaml::emit(node) + yaml::to_json(node).dump();
  for (const char* secret : kSecrets) EXPECT_THAT(shown, Not(HasSubstr(secret)));
  for (const char* encoded : kEncoded) EXPECT_THAT(shown, Not(HasSubstr(encoded)));
}

TEST(SecretMasking, SecretDataAndStringDataKeepTheirKeysAndStayValid) {
  yaml::Node secret = load(
      "apiVersion: v1\nkind: Secret\nmetadata: {name: op}\ntype: Opaque\n"
      "data:\n  password: czNjcjN0LWRhdGE=\n  empty:\n"
      "stringData:\n  token: s3cr3t-string\n");
  EXPECT_TRUE(mask_secrets(secret));
  EXPECT_EQ(secret.find("data")->find("password")->text(), kRedactedBase64);
  EXPECT_TRUE(secret.find("data")->find("empty")->is_null());
  EXPECT_EQ(secret.find("stringData")->find("token")->text(), "<redacted>");
  EXPECT_EQ(secret.find("type")->text(), "Opaque");
  EXPECT_EQ(member_text(*secret.find("metadata"), "name"), "op");
  expect_no_secret(secret);
}

TEST(SecretMasking, SecretsInsideListsAndNestedListsAreMasked) {
  yaml::Node list = load(
      "apiVersion: v1\nkind: List\nitems:\n"
      "- {apiVersion: v1, kind: Secret, metadata: {name: a}, data: {k: czNjcjN0LWxpc3RlZA==}}\n"
      "- apiVersion: v1\n  kind: List\n  items:\n"
      "  - {apiVersion: v1, kind: Secret, metadata: {name: b}, data: {k: czNjcjN0LW5lc3RlZA==}}\n"
      "  - {apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {k: visible}}\n");
  EXPECT_TRUE(mask_secrets(list));
  const auto& items = list.find("items")->items();
  EXPECT_EQ(items[0].find("data")->find("k")->text(), kRedactedBase64);
  EXPECT_EQ(items[1].find("items")->items()[0].find("data")->find("k")->text(), kRedactedBase64);
  EXPECT_EQ(items[1].find("items")->items()[1].find("data")->find("k")->text(), "visible");
  expect_no_secret(list);
}

TEST(SecretMasking, SecretEnvValuesAreRedactedOtherStringsAndTypesKept) {
  yaml::Node deployment = load(
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: op}\nspec:\n  replicas: 1\n  template:\n"
      "    spec:\n      automountServiceAccountToken: true\n      containers:\n      - name: op\n"
      "        env:\n        - {name: CLICKHOUSE_PASSWORD, value: s3cr3t-env}\n        - {name: LOG_LEVEL, value: debug}\n"
      "        image: altinity/clickhouse-operator:0.25.6\n");
  EXPECT_FALSE(mask_secrets(deployment)) << "no Secret data was masked";
  const yaml::Node& container = deployment.find("spec")->find("template")->find("spec")->find("containers")->items()[0];
  EXPECT_EQ(container.find("env")->items()[0].find("value")->text(), "<redacted>");
  EXPECT_EQ(container.find("env")->items()[1].find("value")->text(), "debug");
  EXPECT_EQ(container.find("image")->text(), "altinity/clickhouse-operator:0.25.6");
  const auto json = yaml::to_json(deployment);
  EXPECT_EQ(json["spec"]["replicas"], 1);
  EXPECT_EQ(json["spec"]["template"]["spec"]["automountServiceAccountToken"], true);
  expect_no_secret(deployment);

  // The operator's config names keys `password` and `secret` that hold no secret: shown as rendered.
  const std::string config_text = "clickhouse:\n  access:\n    password: \"\"\n    secret:\n      name: op\n";
  yaml::Node config = load("kind: ConfigMap\nmetadata: {name: files}\ndata:\n  config.yaml: |\n"
                           "    clickhouse:\n      access:\n        password: \"\"\n        secret:\n          name: op\n");
  EXPECT_FALSE(mask_secrets(config));
  EXPECT_EQ(config.find("data")->find("config.yaml")->text(), config_text);
}

}  // namespace
}  // namespace altinity_deploy::plan
