#include <gtest/gtest.h>

#include "altinity_deploy/yaml/yaml_loader.hpp"
#include "altinity_deploy/yaml/yaml_path.hpp"
#include "altinity_deploy/yaml/yaml_tree.hpp"

namespace altinity_deploy::yaml {
namespace {

Node parse(const std::string& text) { return load(text).root; }

TEST(ResolvePlain, BooleansInEveryYaml11Spelling) {
  for (const char* text : {"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false",
                           "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF"}) {
    EXPECT_EQ(resolve_plain(text), PlainType::boolean) << text;
  }
}

TEST(ResolvePlain, Nulls) {
  for (const char* text : {"", "~", "null", "Null", "NULL"}) EXPECT_EQ(resolve_plain(text), PlainType::null) << text;
}

TEST(ResolvePlain, Numbers) {
  for (const char* text : {"0", "42", "-7", "+7", "0x1F", "-0x1f", "0o17", "0b101", "-0b1", "0777", "1_000", "08",
                           "0.30", "1e3", "1E+3", "-1.5e-3", "1.", ".5", "+.5", "-.5", ".inf", "-.Inf", "+.INF", ".nan",
                           ".NaN", "18446744073709551615", "99999999999999999999"}) {
    EXPECT_EQ(resolve_plain(text), PlainType::number) << text;
  }
}

TEST(ResolvePlain, Strings) {
  for (const char* text : {"yES", "tRUE", "nan", "inf", ".", "-", "+", "1.5.2", "1e", "100m", "256Mi", "v1.2",
                           "2024-01-01", "12:30", "0x", "0xZZ", "0b102", "1e400", "0xFFFFFFFFFFFFFFFFFF", "+0b",
                           "_1", "<<", "altinity-operator", ".*", "1 2"}) {
    EXPECT_EQ(resolve_plain(text), PlainType::string) << text;
  }
}

TEST(Node, PlainButNotStringOnlyForPlainScalars) {
  EXPECT_TRUE(Node::scalar("on").plain_but_not_string());
  EXPECT_TRUE(Node::scalar("0.30").plain_but_not_string());
  EXPECT_FALSE(Node::quoted("on").plain_but_not_string());
  EXPECT_FALSE(Node::scalar("prod").plain_but_not_string());
  EXPECT_FALSE(Node::null().plain_but_not_string());
  EXPECT_FALSE(Node::mapping().plain_but_not_string());
}

TEST(Node, FindSetErase) {
  Node map = Node::mapping();
  map.set("a", Node::scalar("1"));
  map.set("b", Node::scalar("2"));
  map.set("a", Node::scalar("3"));
  ASSERT_EQ(map.size(), 2u);
  EXPECT_EQ(map.entries()[0].first.text(), "a");  // replaced in place
  EXPECT_EQ(map.find("a")->text(), "3");
  EXPECT_EQ(map.find("zzz"), nullptr);
  EXPECT_TRUE(map.erase("a"));
  EXPECT_FALSE(map.erase("a"));
  EXPECT_EQ(map.size(), 1u);
}

TEST(Node, EqualityComparesValueAndStyleButNotMarks) {
  EXPECT_EQ(Node::scalar("x", Node::Style::plain, {1, 1}), Node::scalar("x", Node::Style::plain, {9, 9}));
  EXPECT_NE(Node::scalar("on"), Node::quoted("on"));
  EXPECT_NE(Node::null(), Node::scalar(""));
  EXPECT_NE(Node::mapping(), Node::sequence());
  EXPECT_EQ(parse("a: [1, {b: c}]"), parse("a:\n  - 1\n  - b: c\n"));
  EXPECT_NE(parse("a: 1\nb: 2"), parse("b: 2\na: 1"));  // order is kept and matters
}

TEST(MergeInto, MappingsMergeDeeplyAndEverythingElseReplaces) {
  Node base = parse("a: {x: 1, y: 2}\nlist: [1, 2]\nkeep: k\n");
  merge_into(base, parse("a: {y: 3, z: 4}\nlist: [9]\nnew: n\n"));
  EXPECT_EQ(base, parse("a: {x: 1, y: 3, z: 4}\nlist: [9]\nkeep: k\nnew: n\n"));
}

TEST(MergeInto, NullOverlayValueIsKeptSoHelmDropsTheKey) {
  Node base = parse("a: {x: 1}\n");
  merge_into(base, parse("a: ~\n"));
  EXPECT_EQ(base, parse("a: null\n"));
}

TEST(MergeInto, NonMappingBaseIsReplaced) {
  Node base = Node::scalar("x");
  merge_into(base, parse("a: 1"));
  EXPECT_EQ(base, parse("a: 1"));
}

TEST(Path, DottedKeysAreQuoted) {
  EXPECT_EQ(child_path("", "spec"), "spec");
  EXPECT_EQ(child_path("spec", "values"), "spec.values");
  EXPECT_EQ(child_path("files", "config.yaml"), "files.\"config.yaml\"");
  EXPECT_EQ(item_path("spec.watchNamespaces", 2), "spec.watchNamespaces[2]");
}

}  // namespace
}  // namespace altinity_deploy::yaml
