// Which names hold secrets (docs/secrets.md lists the same words).
#include <gtest/gtest.h>

#include "altinity_deploy/redact/redaction.hpp"

namespace altinity_deploy::redact {
namespace {

TEST(SecretKeys, EveryListedWordInEverySpelling) {
  for (const char* key :
       {"password", "Password", "PASSWORD", "adminPassword", "admin_password", "admin-password", "passwd",
        "pwd", "dbPwd", "MYSQL_PWD", "passphrase", "keyPassphrase", "secret", "clientSecret", "imagePullSecrets",
        "token", "githubToken", "AUTH_TOKEN", "apikey", "apiKey", "api_key", "API_KEY", "x-api-key", "APIKey",
        "accessKey", "access_key", "AWS_SECRET_ACCESS_KEY", "secretKey", "secret_key", "credential", "credentials",
        "gcpCredentials", "auth", "basicAuth", "basic_auth", "Authorization", "privateKey", "private_key",
        "ssh-privatekey", "tls.key", "server.key", "TLS.KEY", "clientKeyData", "client-key-data", "client-key",
        "cookie", "sessionCookie", "sessionKey", "sessionId", "jwt", "dsn", "pw", "admin/password", "keystore.jks"}) {
    EXPECT_TRUE(is_secret_key(key)) << key;
  }
}

TEST(SecretKeys, OrdinaryNamesStay) {
  for (const char* key : {"author", "authors", "username", "user", "name", "value", "resources", "key",
                          "keys", "tls.crt", "ca.crt", "keyboard", "monkey", "sessionAffinity", "passive",
                          "bypass", "compass", "namespace", "image", "replicas", "createCRD", "podAnnotations",
                          "altinity-deploy/operator-login-fingerprint"}) {
    EXPECT_FALSE(is_secret_key(key)) << key;
  }
}

TEST(SecretKeys, NamesThatReferToASecretAreNotOne) {
  for (const char* key : {"secretName", "existingSecret_name", "passwordFile", "tokenPath", "credentialId",
                          "kubernetesClusterCredentialId", "secretKeyRef", "AWS_ACCESS_KEY_ID"}) {
    EXPECT_FALSE(is_secret_key(key)) << key;
  }
}

TEST(SecretKeys, HiddenMembersOfEnvEntriesAndSecrets) {
  EXPECT_TRUE(is_hidden_member("value", "", "CLICKHOUSE_PASSWORD"));
  EXPECT_TRUE(is_hidden_member("value", "", "AWS_SECRET_ACCESS_KEY"));
  EXPECT_FALSE(is_hidden_member("value", "", "LOG_LEVEL"));
  EXPECT_FALSE(is_hidden_member("name", "", "CLICKHOUSE_PASSWORD"));
  EXPECT_TRUE(is_hidden_member("data", "Secret", ""));
  EXPECT_TRUE(is_hidden_member("stringData", "Secret", ""));
  EXPECT_FALSE(is_hidden_member("data", "ConfigMap", ""));
  EXPECT_FALSE(is_hidden_member("metadata", "Secret", ""));
}

TEST(SecretKeys, HidesMemberReadsTheJsonObject) {
  const nlohmann::json env = {{"name", "DB_PASSWORD"}, {"value", "x"}};
  EXPECT_TRUE(hides_member(env, "value"));
  EXPECT_FALSE(hides_member(env, "name"));
  EXPECT_TRUE(hides_member(nlohmann::json::object(), "token"));
  EXPECT_FALSE(hides_member(nlohmann::json::array(), "value"));
}

}  // namespace
}  // namespace altinity_deploy::redact
