#include <gtest/gtest.h>

#include "altinity_deploy/yaml/yaml_loader.hpp"

namespace altinity_deploy::yaml {
namespace {

void expect_mark(Mark mark, int line, int column) {
  EXPECT_EQ(mark.line, line);
  EXPECT_EQ(mark.column, column);
}

TEST(YamlLoader, BuildsTreeWithOneBasedMarks) {
  const LoadedDocument doc = load("metadata:\n  name: prod\nlist:\n  - a\n  - {b: c}\n");
  ASSERT_TRUE(doc.problems.empty());
  EXPECT_EQ(doc.document_count, 1);
  ASSERT_TRUE(doc.root.is_mapping());
  expect_mark(doc.root.mark(), 1, 1);
  const auto& [key, metadata] = doc.root.entries()[0];
  expect_mark(key.mark(), 1, 1);
  const auto& [name_key, name] = metadata.entries()[0];
  expect_mark(name_key.mark(), 2, 3);
  expect_mark(name.mark(), 2, 9);
  EXPECT_EQ(name.text(), "prod");
  const Node* list = doc.root.find("list");
  ASSERT_NE(list, nullptr);
  ASSERT_EQ(list->size(), 2u);
  expect_mark(list->items()[0].mark(), 4, 5);
  EXPECT_EQ(list->items()[1].find("b")->text(), "c");
}

TEST(YamlLoader, RemembersQuoting) {
  const Node root = load("a: on\nb: \"on\"\nc: 'on'\nd: |\n  text\ne: !!str 1\nf: plain\n").root;
  EXPECT_EQ(root.find("a")->style(), Node::Style::plain);
  EXPECT_EQ(root.find("b")->style(), Node::Style::quoted);
  EXPECT_EQ(root.find("c")->style(), Node::Style::quoted);
  EXPECT_EQ(root.find("d")->style(), Node::Style::quoted);
  EXPECT_EQ(root.find("d")->text(), "text\n");
  EXPECT_EQ(root.find("e")->style(), Node::Style::quoted);
  EXPECT_EQ(root.find("f")->style(), Node::Style::plain);
}

TEST(YamlLoader, NullsAndEmptyValues) {
  const Node root = load("a:\nb: ~\nc: null\nd: \"\"\n").root;
  EXPECT_TRUE(root.find("a")->is_null());
  EXPECT_TRUE(root.find("b")->is_null());
  EXPECT_TRUE(root.find("c")->is_null());
  ASSERT_TRUE(root.find("d")->is_scalar());
  EXPECT_EQ(root.find("d")->text(), "");
}

TEST(YamlLoader, ReportsDuplicateKeysWithBothPositions) {
  const LoadedDocument doc = load("metadata:\n  name: a\n  org: x\n  name: b\n");
  ASSERT_EQ(doc.problems.size(), 1u);
  EXPECT_EQ(doc.problems[0].message, "duplicate key 'name' (first defined at 2:3)");
  EXPECT_EQ(doc.problems[0].path, "metadata.name");
  expect_mark(doc.problems[0].mark, 4, 3);
  EXPECT_FALSE(doc.syntax_error);
  EXPECT_EQ(doc.root.find("metadata")->find("name")->text(), "a");  // the first one is kept
}

TEST(YamlLoader, DuplicateKeysInsideSequencesAndDottedKeys) {
  const LoadedDocument doc = load("files:\n  config.yaml: 1\n  config.yaml: 2\nl:\n  - {x: 1, x: 2}\n");
  ASSERT_EQ(doc.problems.size(), 2u);
  EXPECT_EQ(doc.problems[0].path, "files.\"config.yaml\"");
  EXPECT_EQ(doc.problems[1].path, "l[0].x");
  expect_mark(doc.problems[1].mark, 5, 12);
}

TEST(YamlLoader, ResolvesAliasesByCopying) {
  const LoadedDocument doc = load("base: &res\n  cpu: 1\nother: *res\nlist: [&v x, *v]\n");
  ASSERT_TRUE(doc.problems.empty());
  EXPECT_EQ(*doc.root.find("other"), *doc.root.find("base"));
  expect_mark(doc.root.find("other")->mark(), 3, 8);
  EXPECT_EQ(doc.root.find("list")->items()[1].text(), "x");
}

TEST(YamlLoader, SelfReferencingAliasIsAProblemNotACrash) {
  const LoadedDocument doc = load("a: &x [1, *x]\n");
  ASSERT_EQ(doc.problems.size(), 1u);
  EXPECT_EQ(doc.problems[0].message, "an alias refers to a node that contains it");
}

TEST(YamlLoader, AliasExpansionIsCapped) {
  std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 9; ++i) {
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int j = 0; j < 10; ++j) text += (j ? ", *a" : "*a") + std::to_string(i - 1);
    text += "]\n";
  }
  const LoadedDocument doc = load(text);
  ASSERT_FALSE(doc.problems.empty());
  EXPECT_EQ(doc.problems.back().message, "anchors and aliases expand to more than 100000 nodes or 4 MiB of text");
}

TEST(YamlLoader, CountsDocumentsAndKeepsTheFirst) {
  const LoadedDocument doc = load("a: 1\n---\nb: 2\n---\nc: 3\n");
  EXPECT_EQ(doc.document_count, 3);
  ASSERT_EQ(doc.document_starts.size(), 3u);
  expect_mark(doc.document_starts[1], 2, 1);
  expect_mark(doc.document_starts[2], 4, 1);
  EXPECT_NE(doc.root.find("a"), nullptr);
  EXPECT_EQ(doc.root.find("b"), nullptr);
}

TEST(YamlLoader, LeadingDocumentMarkerIsOneDocument) {
  EXPECT_EQ(load("---\na: 1\n").document_count, 1);
}

TEST(YamlLoader, EmptyAndCommentOnlyTextHoldNoDocument) {
  for (const char* text : {"", "\n\n", "# just a comment\n  # another\n"}) {
    const LoadedDocument doc = load(text);
    EXPECT_EQ(doc.document_count, 0) << text;
    EXPECT_TRUE(doc.root.is_null());
    EXPECT_TRUE(doc.problems.empty());
  }
}

TEST(YamlLoader, SyntaxErrorBecomesAProblemAtItsPosition) {
  const LoadedDocument doc = load("a: 1\nb: c: d\n");
  EXPECT_TRUE(doc.syntax_error);
  ASSERT_EQ(doc.problems.size(), 1u);
  EXPECT_EQ(doc.problems[0].message, "mapping values are not allowed in this context");
  expect_mark(doc.problems[0].mark, 2, 5);
}

TEST(YamlLoader, UnclosedFlowSequenceIsASyntaxError) {
  const LoadedDocument doc = load("a: [1, 2\n");
  EXPECT_TRUE(doc.syntax_error);
  ASSERT_FALSE(doc.problems.empty());
  EXPECT_EQ(doc.problems.back().message,
            "did not find expected ',' or ']', while parsing a flow sequence that starts at 1:4");
}

TEST(YamlLoader, UnknownAliasIsASyntaxError) {
  const LoadedDocument doc = load("a: *nope\n");
  EXPECT_TRUE(doc.syntax_error);
  ASSERT_EQ(doc.problems.size(), 1u);
  expect_mark(doc.problems[0].mark, 1, 4);
}

}  // namespace
}  // namespace altinity_deploy::yaml

namespace altinity_deploy::yaml {
namespace {

TEST(YamlLoaderScale, ManyKeysInOneMappingAreCheckedForDuplicatesInLinearTime) {
  // 100,000 keys: comparing each with all before it (as once) takes minutes;
  // a regression shows as this test timing out.
  std::string text;
  for (int i = 0; i < 100000; ++i) text += "k" + std::to_string(i) + ": v\n";
  text += "k5: again\n";
  const LoadedDocument doc = load(text);
  ASSERT_EQ(doc.problems.size(), 1u);
  EXPECT_EQ(doc.problems[0].message, "duplicate key 'k5' (first defined at 6:1)");
  expect_mark(doc.problems[0].mark, 100001, 1);
  EXPECT_EQ(doc.root.size(), 100000u);
}

}  // namespace
}  // namespace altinity_deploy::yaml
