// The values as Helm holds them (YAML 1.1 -> JSON) and their leaf diff.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "altinity_deploy/plan/values_builder.hpp"
#include "altinity_deploy/plan/values_diff.hpp"
#include "altinity_deploy/yaml/yaml_loader.hpp"
#include "altinity_deploy/yaml/yaml_to_json.hpp"

namespace altinity_deploy::plan {
namespace {

using nlohmann::json;

json helm_reads(const std::string& yaml_text) {
  auto loaded = yaml::load(yaml_text);
  EXPECT_TRUE(loaded.problems.empty()) << yaml_text;
  return yaml::to_json(loaded.root);
}

json value_of(const std::string& scalar) { return helm_reads("v: " + scalar + "\n")["v"]; }

TEST(YamlToJson, BooleansAreYaml11s) {
  for (const char* text : {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y"}) {
    EXPECT_EQ(value_of(text), json(true)) << text;
  }
  for (const char* text : {"false", "False", "no", "NO", "off", "Off", "n", "N"}) {
    EXPECT_EQ(value_of(text), json(false)) << text;
  }
}

TEST(YamlToJson, NullsAndStrings) {
  for (const char* text : {"~", "null", "Null", "NULL", ""}) EXPECT_TRUE(value_of(text).is_null()) << text;
  EXPECT_EQ(value_of("hello"), json("hello"));
  EXPECT_EQ(value_of("1.2.3"), json("1.2.3"));
  EXPECT_EQ(value_of("100m"), json("100m"));
  EXPECT_EQ(value_of("2001-12-14"), json("2001-12-14")) << "timestamps stay text in Helm";
}

TEST(YamlToJson, IntegersInEveryBaseGoReads) {
  EXPECT_EQ(value_of("42"), json(42));
  EXPECT_EQ(value_of("-7"), json(-7));
  EXPECT_EQ(value_of("+7"), json(7));
  EXPECT_EQ(value_of("0x1F"), json(31));
  EXPECT_EQ(value_of("0o17"), json(15));
  EXPECT_EQ(value_of("017"), json(15)) << "a leading 0 is octal in YAML 1.1";
  EXPECT_EQ(value_of("0b101"), json(5));
  EXPECT_EQ(value_of("1_000"), json(1000));
  EXPECT_EQ(value_of("18446744073709551615"), json(18446744073709551615ULL));
  EXPECT_TRUE(value_of("42").is_number_integer());
}

TEST(YamlToJson, Floats) {
  EXPECT_EQ(value_of("1.5"), json(1.5));
  EXPECT_EQ(value_of("1e3"), json(1000.0));
  EXPECT_EQ(value_of(".5"), json(0.5));
  EXPECT_EQ(value_of("09"), json(9.0)) << "not octal, so YAML 1.1 reads a float";
  EXPECT_EQ(value_of(".inf"), json(".inf")) << "JSON has no infinity; the text is kept";
}

TEST(YamlToJson, QuotedAndBlockScalarsAreStrings) {
  EXPECT_EQ(value_of("\"true\""), json("true"));
  EXPECT_EQ(value_of("'1'"), json("1"));
  EXPECT_EQ(value_of("!!str 10"), json("10"));
  EXPECT_EQ(helm_reads("v: |\n  on\n")["v"], json("on\n"));
}

TEST(YamlToJson, MappingsSequencesAndKeys) {
  const json doc = helm_reads("a:\n  - 1\n  - x\nconfig.yaml: {k: v}\non: 1\n0x10: a\n");
  EXPECT_EQ(doc["a"], json::parse(R"([1, "x"])"));
  EXPECT_EQ(doc["config.yaml"], json::parse(R"({"k": "v"})"));
  EXPECT_EQ(doc["true"], json(1)) << "Go reads the key `on` as the bool true";
  EXPECT_EQ(doc["16"], json("a"));
}

TEST(YamlToJson, MergeKeysExpandAsGoYamlDoes) {
  const json doc = helm_reads(
      "base: &b {type: string, description: base}\n"
      "one:\n  !!merge <<: *b\n  description: own\n"
      "two:\n  <<: [{a: 1}, {a: 2, b: 2}]\n"
      "quoted:\n  \"<<\": literal\n");
  EXPECT_EQ(doc["one"], json::parse(R"({"type": "string", "description": "own"})"));
  EXPECT_EQ(doc["two"], json::parse(R"({"a": 1, "b": 2})")) << "of a list the earlier mapping wins";
  EXPECT_EQ(doc["quoted"], json::parse(R"({"<<": "literal"})"));
}

TEST(YamlToJson, TheBuiltValuesHaveHelmsTypes) {
  spec::OperatorSpec spec;
  spec.values = yaml::load("podLabels:\n  a: on\n  b: \"on\"\n").root;
  const json values = yaml::to_json(build_values(spec));
  EXPECT_EQ(values["operator"]["createCRD"], json(true));
  EXPECT_EQ(values["operator"]["resources"]["limits"]["cpu"], json("1000m"));
  EXPECT_EQ(values["crdHook"]["enabled"], json(false));
  EXPECT_EQ(values["configs"]["files"]["config.yaml"]["watch"]["namespaces"], json::parse(R"([".*"])"));
  EXPECT_EQ(values["podLabels"]["a"], json(true));
  EXPECT_EQ(values["podLabels"]["b"], json("on"));
}

struct Leaf {
  std::string path;
  std::string before;  // dump(), or "(absent)"
  std::string after;
  bool operator==(const Leaf&) const = default;
};

void PrintTo(const Leaf& leaf, std::ostream* os) { *os << leaf.path << ": " << leaf.before << " -> " << leaf.after; }

std::vector<Leaf> leaves(const std::string& deployed, const std::string& desired) {
  std::vector<Leaf> out;
  for (const auto& change : diff_values(json::parse(deployed), json::parse(desired))) {
    out.push_back({change.path, change.before ? change.before->dump() : "(absent)",
                   change.after ? change.after->dump() : "(absent)"});
  }
  return out;
}

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(DiffValues, EqualTreesHaveNoChanges) {
  EXPECT_THAT(leaves(R"({"a": {"b": [1, 2]}, "c": "x"})", R"({"c": "x", "a": {"b": [1, 2]}})"), IsEmpty());
}

TEST(DiffValues, NestedChangeIsNamedByItsLeafPath) {
  EXPECT_THAT(leaves(R"({"operator": {"resources": {"limits": {"cpu": "1", "memory": "1Gi"}}}})",
                     R"({"operator": {"resources": {"limits": {"cpu": "2", "memory": "1Gi"}}}})"),
              ElementsAre(Leaf{"operator.resources.limits.cpu", "\"1\"", "\"2\""}));
}

TEST(DiffValues, AddedAndRemovedKeysDownToEveryLeaf) {
  EXPECT_THAT(leaves(R"({"gone": {"x": 1, "y": {"z": true}}, "kept": 1})",
                     R"({"kept": 1, "new": {"a": "b"}, "empty": {}})"),
              ElementsAre(Leaf{"empty", "(absent)", "{}"}, Leaf{"gone.x", "1", "(absent)"},
                          Leaf{"gone.y.z", "true", "(absent)"}, Leaf{"new.a", "(absent)", "\"b\""}));
}

TEST(DiffValues, TypesMatterButNumbersCompareByValue) {
  EXPECT_THAT(leaves(R"({"a": "1", "b": 1, "c": 1.0, "d": true, "e": null})",
                     R"({"a": 1, "b": 1.0, "c": 1, "d": "true", "e": null})"),
              ElementsAre(Leaf{"a", "\"1\"", "1"}, Leaf{"d", "true", "\"true\""}));
}

TEST(DiffValues, ListsAreLeavesAndMappingVersusScalarIsOneChange) {
  EXPECT_THAT(leaves(R"({"l": [".*"], "m": {"k": 1}})", R"({"l": ["a", "b"], "m": "flat"})"),
              ElementsAre(Leaf{"l", R"([".*"])", R"(["a","b"])"}, Leaf{"m", R"({"k":1})", "\"flat\""}));
}

TEST(DiffValues, KeysWithDotsAreQuotedInThePath) {
  EXPECT_THAT(leaves(R"({"configs": {"files": {"config.yaml": {"watch": {"namespaces": []}}}}})",
                     R"({"configs": {"files": {"config.yaml": {"watch": {"namespaces": [".*"]}}}}})"),
              ElementsAre(Leaf{"configs.files.\"config.yaml\".watch.namespaces", "[]", R"([".*"])"}));
}

TEST(DiffValues, NoDeployedValuesMakeEveryLeafNew) {
  EXPECT_THAT(leaves("null", R"({"a": {"b": 1}})"), ElementsAre(Leaf{"a.b", "(absent)", "1"}));
}

TEST(DiffValues, SecretsAreRedactedWhereverTheyAre) {
  EXPECT_THAT(leaves(R"({"secret": {"password": "old", "username": "u"}, "users": [{"name": "a", "password": "p"}],
                        "auth": {"token": "t1"}})",
                     R"({"secret": {"password": "new", "username": "v"}, "users": [{"name": "b", "password": "q"}],
                        "auth": {"token": "t2"}})"),
              ElementsAre(Leaf{"auth.token", R"("<redacted>")", R"("<redacted>")"},
                          Leaf{"secret.password", R"("<redacted>")", R"("<redacted>")"},
                          Leaf{"secret.username", R"("<redacted>")", R"("<redacted>")"},
                          Leaf{"users", R"([{"name":"a","password":"<redacted>"}])",
                               R"([{"name":"b","password":"<redacted>"}])"}));
}

}  // namespace
}  // namespace altinity_deploy::plan
