// Secrets inside strings, and excerpts of user text for messages.
#include <gtest/gtest.h>

#include "altinity_deploy/redact/redaction.hpp"

namespace altinity_deploy::redact {
namespace {

TEST(RedactText, PasswordElementsInXml) {
  EXPECT_EQ(redact_text("<users><admin><password>hunter2</password><profile>default</profile></admin></users>"),
            "<users><admin><password><redacted></password><profile>default</profile></admin></users>");
  EXPECT_EQ(redact_text("<password_sha256_hex>abc123</password_sha256_hex>"),
            "<password_sha256_hex><redacted></password_sha256_hex>");
  EXPECT_EQ(redact_text("<s3><access_key_id>AK</access_key_id>\n<secret_access_key attr=\"1\">SK</secret_access_key>"),
            "<s3><access_key_id>AK</access_key_id>\n<secret_access_key attr=\"1\"><redacted></secret_access_key>");
  EXPECT_EQ(redact_text("<password/><password>open to the end"), "<password/><password><redacted>");
}

TEST(RedactText, UrlPasswordKeepsTheUser) {
  EXPECT_EQ(redact_text("clickhouse://admin:s3cr3t@ch.example:9000/db"),
            "clickhouse://admin:<redacted>@ch.example:9000/db");
  EXPECT_EQ(redact_text("repo https://u:p%40ss@charts.example/x and http://plain.example/"),
            "repo https://u:<redacted>@charts.example/x and http://plain.example/");
  EXPECT_EQ(redact_text("https://user@host/path"), "https://user@host/path");
  EXPECT_EQ(redact_text("postgres://a:b:c@h"), "postgres://a:<redacted>@h");
}

TEST(RedactText, PemPrivateKeysButNotCertificates) {
  const std::string pem =
      "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
      "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\nabc\n-----END RSA PRIVATE KEY-----\n";
  EXPECT_EQ(redact_text(pem),
            "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
            "-----BEGIN RSA PRIVATE KEY-----<redacted>-----END RSA PRIVATE KEY-----\n");
  EXPECT_EQ(redact_text("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNz"), "-----BEGIN OPENSSH PRIVATE KEY-----<redacted>");
}

TEST(RedactText, AssignmentsInAnyText) {
  EXPECT_EQ(redact_text("--password=hunter2 --user=bob"), "--password=<redacted>");
  EXPECT_EQ(redact_text("host=h;Password=p;Database=d"), "host=h;Password=<redacted>;Database=d");
  EXPECT_EQ(redact_text("?user=a&token=t&x=1"), "?user=a&token=<redacted>&x=1");
  EXPECT_EQ(redact_text(R"({"apiKey": "k-1", "name": "n"})"), R"({"apiKey": "<redacted>", "name": "n"})");
  EXPECT_EQ(redact_text("Authorization: Bearer abc.def"), "Authorization: <redacted>");
  EXPECT_EQ(redact_text("PGPASSWORD='x y' psql"), "PGPASSWORD='<redacted>' psql");
  EXPECT_EQ(redact_text("at 10:30 see http://x:80/"), "at 10:30 see http://x:80/");
}

TEST(RedactText, YamlTextSecretsAndEnvEntries) {
  const std::string text =
      "apiVersion: apps/v1\n"
      "kind: Deployment\n"
      "spec:\n"
      "  containers:\n"
      "    - name: app\n"
      "      env:\n"
      "        - name: CLICKHOUSE_PASSWORD\n"
      "          value: \"pw-1\"\n"
      "        - value: pw-2\n"
      "          name: API_TOKEN\n"
      "        - name: LOG_LEVEL\n"
      "          value: debug\n";
  EXPECT_EQ(redact_text(text),
            "apiVersion: apps/v1\n"
            "kind: Deployment\n"
            "spec:\n"
            "  containers:\n"
            "    - name: app\n"
            "      env:\n"
            "        - name: CLICKHOUSE_PASSWORD\n"
            "          value: <redacted>\n"
            "        - value: <redacted>\n"
            "          name: API_TOKEN\n"
            "        - name: LOG_LEVEL\n"
            "          value: debug\n");
}

TEST(RedactText, KindSecretInYamlTextWithTemplates) {
  const std::string text =
      "apiVersion: v1\n"
      "kind: Secret\n"
      "metadata:\n"
      "  name: {{ include \"altinity-clickhouse-operator.fullname\" . }}-extra\n"
      "type: Opaque\n"
      "stringData:\n"
      "  user: admin\n"
      "  conn: |\n"
      "    multi\n"
      "    line\n"
      "data:\n"
      "- aGVsbG8=\n";
  EXPECT_EQ(redact_text(text),
            "apiVersion: v1\n"
            "kind: Secret\n"
            "metadata:\n"
            "  name: {{ include \"altinity-clickhouse-operator.fullname\" . }}-extra\n"
            "type: Opaque\n"
            "stringData:\n"
            "  <redacted>\n"
            "  <redacted>\n"
            "    <redacted>\n"
            "    <redacted>\n"
            "data:\n"
            "<redacted>\n");
  EXPECT_EQ(redact_text("kind: ConfigMap\ndata:\n  a: b\n"), "kind: ConfigMap\ndata:\n  a: b\n");
  EXPECT_EQ(redact_text("kind: Secret\ndata: {a: YQ==}\n"), "kind: Secret\ndata: <redacted>\n");
}

TEST(RedactText, SecretKeyWithNestedBlock) {
  EXPECT_EQ(redact_text("users:\n  admin/password: x\n  admin/networks/ip: ::/0\ncredentials:\n  a: 1\n  b: 2\nkeep: 3\n"),
            "users:\n  admin/password: <redacted>\n  admin/networks/ip: ::/0\ncredentials:\n  <redacted>\n  <redacted>\n"
            "keep: 3\n");
}

TEST(RedactText, RedactingTwiceChangesNothing) {
  for (const char* text : {"<password>x</password>", "a://u:p@h", "password: x", "token=y",
                           "-----BEGIN PRIVATE KEY-----\nz\n-----END PRIVATE KEY-----", "kind: Secret\ndata:\n  a: b\n"}) {
    const std::string once = redact_text(text);
    EXPECT_EQ(redact_text(once), once) << text;
    EXPECT_NE(once, text) << text;
  }
}

TEST(RedactText, HugeTextIsLinear) {
  // Patterns that would make a backtracking matcher slow.
  std::string text(200000, 'a');
  text += "password";
  std::string colons;
  for (int i = 0; i < 50000; ++i) colons += "x://";
  std::string tags(100000, '<');
  const auto start = std::chrono::steady_clock::now();
  redact_text(text);
  redact_text(colons);
  redact_text(tags);
  redact_text(std::string(100000, '\n') + "password:");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

TEST(Excerpt, FirstLineShortAndRedacted) {
  EXPECT_EQ(excerpt("short"), "short");
  EXPECT_EQ(excerpt("0.23.6\n  password: hunter2\n"), "0.23.6…");
  EXPECT_EQ(excerpt(std::string(100, 'x')), std::string(60, 'x') + "…");
  EXPECT_EQ(excerpt("a password=hunter2 b"), "a password=<redacted>");
  EXPECT_EQ(excerpt("https://u:pw@h"), "https://u:<redacted>@h");
}

TEST(Excerpt, ControlCharactersAndBadUtf8AreEscaped) {
  EXPECT_EQ(excerpt("a\tb\x1b[31mc"), "a\\tb\\x1b[31mc");
  EXPECT_EQ(excerpt("caf\xc3\xa9"), "caf\xc3\xa9") << "valid UTF-8 stays";
  EXPECT_EQ(excerpt("bad\xff\xc3"), "bad\\xff\\xc3");
  EXPECT_EQ(excerpt("c1\xc2\x9b" "31m"), "c1\\u009b31m") << "a C1 CSI";
  EXPECT_EQ(excerpt("rlo\xe2\x80\xae"), "rlo\\u202e") << "a bidirectional override";
  EXPECT_EQ(excerpt("a\rb"), "a…");
}

TEST(Excerpt, LimitCountsCharactersNotBytes) {
  std::string text;
  for (int i = 0; i < 70; ++i) text += "\xc3\xa9";
  const std::string cut = excerpt(text, 10);
  std::string expected;
  for (int i = 0; i < 10; ++i) expected += "\xc3\xa9";
  EXPECT_EQ(cut, expected + "…");
}

TEST(SafeMessage, KeepsLinesEscapesTheRestAndCuts) {
  EXPECT_EQ(safe_message("helm failed:\nError: x://u:p@h\x1b]0;t\x07"), "helm failed:\nError: x://u:<redacted>@h\\x1b]0;t\\x07");
  EXPECT_EQ(safe_message(std::string(3000, 'y'), 100), std::string(100, 'y') + "…");
}

TEST(RedactText, ASecretWrittenInFlowOrJsonStyleIsHiddenWhole) {
  EXPECT_EQ(redact_text("{apiVersion: v1, kind: Secret, data: {a: S3CR40}}"), "<redacted>");
  EXPECT_EQ(redact_text(R"({"apiVersion":"v1","kind":"Secret","data":{"a":"S3CRJ1"}})"), "<redacted>");
  EXPECT_EQ(redact_text("{kind: ConfigMap, data: {a: visible}}"), "{kind: ConfigMap, data: {a: visible}}");
  EXPECT_EQ(redact_text("{kind: SecretStore, x: 1}"), "{kind: SecretStore, x: 1}") << "another kind";
}

}  // namespace
}  // namespace altinity_deploy::redact
