// The policy on whole value trees: what `render` prints and what `plan`
// compares, whatever shape the tree has (aliases, merge keys).
#include <gtest/gtest.h>

#include "altinity_deploy/redact/redaction.hpp"
#include "altinity_deploy/yaml/yaml_redaction.hpp"
#include "altinity_deploy/yaml/yaml_emitter.hpp"
#include "altinity_deploy/yaml/yaml_loader.hpp"

namespace altinity_deploy::redact {
namespace {

using nlohmann::json;
using yaml::Node;

Node parse(const std::string& text) {
  yaml::LoadedDocument doc = yaml::load(text);
  EXPECT_TRUE(doc.problems.empty()) << text;
  return doc.root;
}

std::string redacted_yaml(const std::string& text) { return yaml::emit(redact(parse(text))); }

TEST(RedactTree, SecretKeysKeepTheShapeAndHideEveryValue) {
  EXPECT_EQ(redacted_yaml("secret:\n  username: u\n  password: p\nclickhouse:\n  adminPassword: x\n  apiKey: k\n"
                          "  githubToken: [a]\n  gcpCredentials: {a: b}\n  passwd: ~\n  other: keep\n"),
            "secret:\n"
            "  username: \"<redacted>\"\n"
            "  password: \"<redacted>\"\n"
            "clickhouse:\n"
            "  adminPassword: \"<redacted>\"\n"
            "  apiKey: \"<redacted>\"\n"
            "  githubToken: \"<redacted>\"\n"
            "  gcpCredentials:\n"
            "    a: \"<redacted>\"\n"
            "  passwd: \"<redacted>\"\n"
            "  other: keep\n");
}

TEST(RedactTree, EnvEntriesWithSecretNames) {
  EXPECT_EQ(redacted_yaml("operator:\n  env:\n    - name: CLICKHOUSE_PASSWORD\n      value: pw\n"
                          "    - name: LOG_LEVEL\n      value: debug\n"),
            "operator:\n"
            "  env:\n"
            "    - name: CLICKHOUSE_PASSWORD\n"
            "      value: \"<redacted>\"\n"
            "    - name: LOG_LEVEL\n"
            "      value: debug\n");
}

TEST(RedactTree, KindSecretAnywhere) {
  EXPECT_EQ(redacted_yaml("extra:\n  - apiVersion: v1\n    kind: Secret\n    metadata: {name: s}\n"
                          "    data: {a: YQ==}\n    stringData: {b: c}\n"),
            "extra:\n"
            "  - apiVersion: v1\n"
            "    kind: Secret\n"
            "    metadata:\n"
            "      name: s\n"
            "    data:\n"
            "      a: \"<redacted>\"\n"
            "    stringData:\n"
            "      b: \"<redacted>\"\n");
}

TEST(RedactTree, StringsCarryingSecrets) {
  const std::string out = redacted_yaml(
      "configs:\n"
      "  usersdFiles:\n"
      "    users.xml: |\n"
      "      <users><admin><password>hunter2</password></admin></users>\n"
      "endpoint: clickhouse://admin:pw1@host:9000\n"
      "additionalResources:\n"
      "  - |\n"
      "    apiVersion: v1\n"
      "    kind: Secret\n"
      "    stringData:\n"
      "      password: pw2\n"
      "tlsBundle: \"-----BEGIN PRIVATE KEY-----\\nMIIabc\\n-----END PRIVATE KEY-----\"\n");
  for (const char* leaked : {"hunter2", "pw1", "pw2", "MIIabc"}) {
    EXPECT_EQ(out.find(leaked), std::string::npos) << leaked << " in\n" << out;
  }
  EXPECT_NE(out.find("clickhouse://admin:<redacted>@host:9000"), std::string::npos) << out;
  EXPECT_NE(out.find("kind: Secret"), std::string::npos) << out;
}

TEST(RedactTree, AliasesAreRedactedWhereverTheyLand) {
  const Node out = redact(parse(
      "base: &creds {user: u, password: aliased-1}\n"
      "copy: *creds\n"
      "plain: &text aliased-2\n"
      "db:\n  password: *text\n"
      "holder: &holder {name: DB_PASSWORD}\n"
      "env:\n  - {name: DB_PASSWORD, value: *text}\n"));
  EXPECT_EQ(yaml::emit(out).find("aliased-1"), std::string::npos) << yaml::emit(out);
  EXPECT_EQ(out.find("copy")->find("password")->text(), "<redacted>");
  EXPECT_EQ(out.find("db")->find("password")->text(), "<redacted>");
  EXPECT_EQ(out.find("env")->items()[0].find("value")->text(), "<redacted>");
  EXPECT_EQ(out.find("plain")->text(), "aliased-2") << "where it is not secret, it shows";
}

TEST(RedactTree, MergeKeysCountAsMembersOfTheMergingMapping) {
  // The tree as the loader gives it today, "<<" kept as a key; and the
  // same tree with the merge applied, as the loader will give it.
  const std::string out = redacted_yaml(
      "defaults: &d {name: CLICKHOUSE_PASSWORD}\n"
      "env:\n"
      "  - <<: *d\n"
      "    value: merged-1\n"
      "  - <<: {value: merged-2}\n"
      "    name: API_TOKEN\n"
      "  - <<: [{kind: Secret}, {x: 1}]\n"
      "    data: {k: merged-3}\n"
      "nested:\n"
      "  <<: {token: merged-4}\n");
  for (const char* leaked : {"merged-1", "merged-2", "merged-3", "merged-4"}) {
    EXPECT_EQ(out.find(leaked), std::string::npos) << leaked << " in\n" << out;
  }
  EXPECT_NE(out.find("CLICKHOUSE_PASSWORD"), std::string::npos) << "names stay visible\n" << out;
}

TEST(RedactTree, GeneratedMarkerStaysVisible) {
  EXPECT_EQ(redacted_yaml("secret:\n  password: <generated>\n  username: u\n"),
            "secret:\n  password: <generated>\n  username: \"<redacted>\"\n");
}

TEST(RedactTree, TheInputIsLeftAlone) {
  const Node node = parse("users:\n  - name: a\n    token: t\n");
  const Node redacted = redact(node);
  EXPECT_EQ(redacted.find("users")->items()[0].find("token")->text(), "<redacted>");
  EXPECT_EQ(node.find("users")->items()[0].find("token")->text(), "t");
}

TEST(RedactJson, SameRulesAsTheTree) {
  const json values = json::parse(R"({
    "secret": {"username": "u", "password": "p"},
    "operator": {"env": [{"name": "CLICKHOUSE_PASSWORD", "value": "pw"}, {"name": "A", "value": "b"}]},
    "extra": {"kind": "Secret", "data": {"k": "v"}, "metadata": {"name": "s"}},
    "files": {"users.xml": "<password>x</password>", "url": "s3://k:s@bucket"},
    "marker": {"token": "<generated>"}
  })");
  EXPECT_EQ(redact(values), json::parse(R"({
    "secret": {"username": "<redacted>", "password": "<redacted>"},
    "operator": {"env": [{"name": "CLICKHOUSE_PASSWORD", "value": "<redacted>"}, {"name": "A", "value": "b"}]},
    "extra": {"kind": "Secret", "data": {"k": "<redacted>"}, "metadata": {"name": "s"}},
    "files": {"users.xml": "<password><redacted></password>", "url": "s3://k:<redacted>@bucket"},
    "marker": {"token": "<generated>"}
  })"));
}

TEST(RedactJson, HideKeepsKeysOnly) {
  EXPECT_EQ(hide(json::parse(R"({"a": {"b": 1}, "c": [1], "d": "<generated>"})")),
            json::parse(R"({"a": {"b": "<redacted>"}, "c": "<redacted>", "d": "<generated>"})"));
  EXPECT_EQ(hide(json(5)), json("<redacted>"));
}

}  // namespace
}  // namespace altinity_deploy::redact
