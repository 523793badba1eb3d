// "<<" merge keys as Go's yaml.v2 (so Helm) applies them, in the loaded tree.
#include <gtest/gtest.h>

#include "altinity_deploy/yaml/yaml_loader.hpp"

namespace altinity_deploy::yaml {
namespace {

Node loaded(const std::string& text) {
  const LoadedDocument doc = load(text);
  EXPECT_TRUE(doc.problems.empty()) << text << (doc.problems.empty() ? "" : doc.problems[0].message);
  return doc.root;
}

std::string text_at(const Node& root, std::string_view mapping, std::string_view key) {
  const Node* m = root.find(mapping);
  const Node* v = m != nullptr ? m->find(key) : nullptr;
  return v != nullptr && v->is_scalar() ? v->text() : "(absent)";
}

TEST(YamlMergeKeys, AKeyAfterTheMergeWinsAKeyBeforeItLoses) {
  const Node root = loaded(
      "base: &b {a: base, b: base, c: base}\n"
      "m:\n  a: before\n  <<: *b\n  b: after\n");
  EXPECT_EQ(text_at(root, "m", "a"), "base") << "yaml.v2 writes the merge over a key written before it";
  EXPECT_EQ(text_at(root, "m", "b"), "after");
  EXPECT_EQ(text_at(root, "m", "c"), "base");
  EXPECT_EQ(root.find("m")->find("<<"), nullptr);
  EXPECT_EQ(root.find("m")->size(), 3u);
}

TEST(YamlMergeKeys, OfASequenceTheEarlierMappingWins) {
  const Node root = loaded("x: &x {a: x, b: x}\ny: &y {a: y, c: y}\nm:\n  <<: [*x, *y, {d: inline}]\n");
  EXPECT_EQ(text_at(root, "m", "a"), "x");
  EXPECT_EQ(text_at(root, "m", "b"), "x");
  EXPECT_EQ(text_at(root, "m", "c"), "y");
  EXPECT_EQ(text_at(root, "m", "d"), "inline");
}

TEST(YamlMergeKeys, OnlyAPlainOrMergeTaggedKeyMerges) {
  const Node root = loaded(
      "q:\n  \"<<\": {a: 1}\n"
      "s:\n  '<<': {a: 1}\n"
      "t:\n  !!merge <<: {a: 1}\n"
      "u:\n  !custom <<: {a: 1}\n");
  EXPECT_NE(root.find("q")->find("<<"), nullptr);
  EXPECT_NE(root.find("s")->find("<<"), nullptr);
  EXPECT_EQ(text_at(root, "t", "a"), "1");
  EXPECT_NE(root.find("u")->find("<<"), nullptr) << "yaml.v2 keeps an application-tagged key as the string <<";
}

// Found by fuzzing: yaml-cpp reports an empty "!"-tagged scalar at the end
// of the text as untagged; libyaml's reading decides, as Helm's would.
TEST(YamlMergeKeys, AnEmptyNonSpecificTaggedScalarIsAString) {
  for (const char* text : {"a: !", "a: !\n", "a: !\nb: 1\n"}) {
    const Node root = loaded(text);
    ASSERT_TRUE(root.find("a")->is_scalar()) << text;
    EXPECT_EQ(root.find("a")->style(), Node::Style::quoted) << text;
  }
}

TEST(YamlMergeKeys, MergesInsideAnchoredNodesCarryOverToAliases) {
  const Node root = loaded("a: &a {x: 1}\nb: &b {<<: *a, y: 2}\nc: {<<: *b, z: 3}\n");
  EXPECT_EQ(text_at(root, "c", "x"), "1");
  EXPECT_EQ(text_at(root, "c", "y"), "2");
  EXPECT_EQ(text_at(root, "c", "z"), "3");
}

TEST(YamlMergeKeys, MergedEntriesKeepWhereTheyWereWritten) {
  const Node root = loaded("a: &a\n  x: 1\nb:\n  <<: *a\n");
  const Node* x = root.find("b")->find("x");
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->mark().line, 2);
  EXPECT_EQ(x->mark().column, 6);
}

TEST(YamlMergeKeys, AValueThatIsNotAMappingIsAnError) {
  for (const char* text : {"m:\n  <<: 1\n", "m:\n  <<:\n", "m:\n  <<: [{a: 1}, 2]\n", "l: &l [1]\nm:\n  <<: *l\n"}) {
    const LoadedDocument doc = load(text);
    ASSERT_EQ(doc.problems.size(), 1u) << text;
    EXPECT_EQ(doc.problems[0].path, "m.<<") << text;
    EXPECT_TRUE(doc.problems[0].message.starts_with(
        "the merge key '<<' takes a mapping, an alias to a mapping or a list of them; got "))
        << doc.problems[0].message;
    EXPECT_GT(doc.problems[0].mark.line, 0);
  }
  EXPECT_TRUE(load("m:\n  <<: []\n").problems.empty());
  EXPECT_TRUE(load("m:\n  <<: {}\n").problems.empty());
}

}  // namespace
}  // namespace altinity_deploy::yaml
