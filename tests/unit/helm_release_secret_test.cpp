// Helm's release records read from their Secrets (the `secret` storage
// driver). The records here are made the way Helm stores them: JSON, gzip,
// base64 (Helm's), base64 again (the API's encoding of Secret data). The
// e2e suite release_reader compares with real helm on both majors.
#include <gtest/gtest.h>

#include "support/base64_encode.hpp"
#include <zlib.h>

#include <string>

#include <nlohmann/json.hpp>

#include "altinity_deploy/core/encoding.hpp"
#include "altinity_deploy/tools/helm_release_secret.hpp"

namespace altinity_deploy::tools {
namespace {

using nlohmann::json;

std::string base64(const std::string& bytes) { return testing_support::base64_encode(bytes); }

std::string gzip(const std::string& text) {
  z_stream stream{};
  EXPECT_EQ(deflateInit2(&stream, Z_BEST_SPEED, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&stream, text.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream.avail_in = static_cast<uInt>(text.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

json record(int revision, const std::string& status = "deployed") {
  return {{"name", "op"},
          {"namespace", "ops"},
          {"version", revision},
          {"info",
           {{"first_deployed", "2026-11-27T18:39:10.708442939Z"},
            {"last_deployed", "2026-11-27T18:39:13.632558828Z"},
            {"deleted", ""},
            {"description", "Upgrade complete"},
            {"status", status}}},
          {"chart",
           {{"metadata", {{"name", "altinity-clickhouse-operator"}, {"version", "0.25.4"}, {"appVersion", "0.25.4"}}},
            {"templates", json::array({{{"name", "templates/a.yaml"}, {"data", "big"}}})},
            {"values", {{"values", "chart defaults, not the user's"}}},
            {"files", json::array()}}},
          {"config", {{"operator", {{"image", {{"tag", "x"}}}}}, {"values", "user key named values"}}},
          {"manifest", "---\nkind: ConfigMap\n"},
          {"apply_method", "csa"}};
}

json secret_holding(const std::string& stored_bytes, int revision, const std::string& name = "op") {
  return {{"apiVersion", "v1"},
          {"kind", "Secret"},
          {"type", "helm.sh/release.v1"},
          {"metadata",
           {{"name", "sh.helm.release.v1." + name + ".v" + std::to_string(revision)},
            {"labels", {{"owner", "helm"}, {"name", name}, {"version", std::to_string(revision)}}}}},
          {"data", {{"release", base64(stored_bytes)}}}};
}

json secret_of(const json& release_record, int revision) {
  return secret_holding(base64(gzip(release_record.dump())), revision);
}

TEST(Base64, DecodesWhatItEncodesAndRefusesTheRest) {
  for (const std::string& text : std::vector<std::string>{"", "a", "ab", "abc", "abcd", std::string("\0\xff\x10", 3)}) {
    EXPECT_EQ(core::base64_decode(base64(text)), text);
  }
  for (const char* bad : {"a", "ab=", "a===", "=abc", "ab=c", "ab c", "abc\n", "YQ==YQ=="}) {
    EXPECT_FALSE(core::base64_decode(bad).has_value()) << bad;
  }
}

TEST(Gunzip, InflatesAndStopsAtTheLimit) {
  const std::string text(100000, 'x');
  EXPECT_EQ(core::gunzip(gzip(text), text.size()).value(), text);
  EXPECT_FALSE(core::gunzip(gzip(text), text.size() - 1)) << "a gzip bomb stops at the limit";
  EXPECT_FALSE(core::gunzip(gzip(text).substr(0, 20), text.size())) << "truncated";
  EXPECT_FALSE(core::gunzip(gzip(text) + "trailing", text.size())) << "bytes after the stream";
  EXPECT_FALSE(core::gunzip("not gzip at all", 100));
}

TEST(ReleaseSecret, ReadsWhatHelmsReadsReport) {
  const auto stored = decode_release_secret(secret_of(record(2), 2), "op", "ops");
  ASSERT_TRUE(stored) << stored.error().message;
  EXPECT_EQ(stored->info.name, "op");
  EXPECT_EQ(stored->info.namespace_name, "ops");
  EXPECT_EQ(stored->info.revision, 2);
  EXPECT_EQ(stored->info.status, "deployed");
  EXPECT_EQ(stored->info.chart_name, "altinity-clickhouse-operator");
  EXPECT_EQ(stored->info.chart_version, "0.25.4");
  EXPECT_EQ(stored->info.app_version, "0.25.4");
  EXPECT_EQ(stored->info.last_deployed, "2026-11-27T18:39:13.632558828Z");
  EXPECT_EQ(stored->info.description, "Upgrade complete");
  EXPECT_EQ(stored->info.apply_method, "csa");
  EXPECT_EQ(stored->user_values, (json{{"operator", {{"image", {{"tag", "x"}}}}}, {"values", "user key named values"}}))
      << "the user's values, with a key named like a dropped chart field kept";
  EXPECT_EQ(stored->manifest, "---\nkind: ConfigMap\n");
}

TEST(ReleaseSecret, NoValuesReadAsNullLikeHelmGetValues) {
  json bare = record(1);
  bare["config"] = json::object();
  EXPECT_TRUE(decode_release_secret(secret_of(bare, 1), "op", "ops")->user_values.is_null());
  bare.erase("config");
  EXPECT_TRUE(decode_release_secret(secret_of(bare, 1), "op", "ops")->user_values.is_null());
}

TEST(ReleaseSecret, UncompressedJsonIsReadLikeHelmDoes) {
  EXPECT_TRUE(decode_release_secret(secret_holding(base64(record(3).dump()), 3), "op", "ops"));
}

TEST(ReleaseSecret, AnythingElseIsRefusedSoTheCallerAsksHelm) {
  json wrong_type = secret_of(record(1), 1);
  wrong_type["type"] = "Opaque";
  json wrong_owner = secret_of(record(1), 1);
  wrong_owner["metadata"]["labels"]["owner"] = "someone";
  json other_release = secret_of(record(1), 1);
  other_release["metadata"]["labels"]["name"] = "other";
  json version_mismatch = secret_of(record(1), 2);
  json namespace_mismatch = secret_of(record(1), 1);
  json not_base64 = secret_of(record(1), 1);
  not_base64["data"]["release"] = "!!!!";
  json no_data = secret_of(record(1), 1);
  no_data.erase("data");
  json no_info = record(1);
  no_info.erase("info");
  json array_record = json::array({1, 2});
  for (const json& secret : {wrong_type, wrong_owner, other_release, version_mismatch, not_base64, no_data,
                             secret_of(no_info, 1), secret_holding(base64("{not json"), 1),
                             secret_holding(base64(gzip("{\"name\": ")), 1), secret_of(array_record, 1)}) {
    EXPECT_FALSE(decode_release_secret(secret, "op", "ops")) << secret.dump().substr(0, 200);
  }
  EXPECT_FALSE(decode_release_secret(namespace_mismatch, "op", "elsewhere"));
}

TEST(ReleaseSecret, AGzipBombIsRefused) {
  const std::string bomb = gzip(std::string(kMaxReleaseJsonBytes + 1, ' '));
  EXPECT_LT(bomb.size(), 1U << 20) << "small enough for a Secret";
  const auto stored = decode_release_secret(secret_holding(base64(bomb), 1), "op", "ops");
  ASSERT_FALSE(stored);
  EXPECT_NE(stored.error().message.find("bytes uncompressed"), std::string::npos) << stored.error().message;
}

// A crafted record nested 100,000 levels deep in its values: small once
// gzipped, it would overflow the stack where the tree is copied; refused
// while parsing instead, so the caller asks helm.
TEST(ReleaseSecret, ARecordNestedTooDeepIsRefusedNotACrash) {
  const std::string deep_values = std::string(100000, '[') + std::string(100000, ']');
  std::string text = record(1).dump();
  const std::string config = "\"config\":{";
  const auto at = text.find(config);
  ASSERT_NE(at, std::string::npos);
  text.insert(at + config.size(), "\"deep\":" + deep_values + ",");
  ASSERT_TRUE(json::accept(text)) << "the crafted record is valid JSON";
  const std::string packed = gzip(text);
  EXPECT_LT(packed.size(), 1U << 20) << "small enough for a Secret";
  const auto stored = decode_release_secret(secret_holding(base64(packed), 1), "op", "ops");
  ASSERT_FALSE(stored);
  EXPECT_NE(stored.error().message.find("levels deep"), std::string::npos) << stored.error().message;
  // Helm's own values nest a few levels: read as before.
  json nested = record(1);
  nested["config"] = {{"a", {{"b", {{"c", json::array({json::array({1})})}}}}}};
  const auto read = decode_release_secret(secret_of(nested, 1), "op", "ops");
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(read->user_values["a"]["b"]["c"][0][0], 1);
}

TEST(ReleaseSecret, TheNewestRevisionIsTheOneDecoded) {
  json broken_old = secret_of(record(1), 1);
  broken_old["data"]["release"] = "!!!!";  // never decoded
  const std::vector<json> secrets = {secret_of(record(3, "failed"), 3), broken_old, secret_of(record(2), 2)};
  const auto newest = newest_stored_release(secrets, "op", "ops");
  ASSERT_TRUE(newest) << newest.error().message;
  ASSERT_TRUE(newest->has_value());
  EXPECT_EQ((*newest)->info.revision, 3);
  EXPECT_EQ((*newest)->info.status, "failed");
  EXPECT_FALSE(newest_stored_release({}, "op", "ops")->has_value()) << "no Secrets: no release";
  EXPECT_FALSE(newest_stored_release({secret_of(record(2), 2), secret_of(record(2), 2)}, "op", "ops"));
  json unlabelled = secret_of(record(2), 2);
  unlabelled["metadata"]["labels"].erase("version");
  EXPECT_FALSE(newest_stored_release({unlabelled}, "op", "ops"));
}

}  // namespace
}  // namespace altinity_deploy::tools
