#include <gtest/gtest.h>

#include "altinity_deploy/core/escaped_text.hpp"
#include "altinity_deploy/yaml/yaml_emitter.hpp"
#include "altinity_deploy/yaml/yaml_loader.hpp"

namespace altinity_deploy::yaml {
namespace {

Node parse(const std::string& text) {
  LoadedDocument doc = load(text);
  EXPECT_TRUE(doc.problems.empty()) << text;
  return doc.root;
}

// load(emit(n)) == n, in value and in style.
void expect_round_trip(const Node& node) {
  const std::string text = emit(node);
  const LoadedDocument back = load(text);
  EXPECT_TRUE(back.problems.empty()) << text;
  EXPECT_EQ(back.root, node) << text;
}

TEST(YamlEmitter, BlockStyleWithTwoSpaceIndent) {
  const Node node = parse(
      "operator:\n  resources: {limits: {cpu: 1000m}}\nwatch: [a, b]\nlist:\n  - name: x\n    value: 1\n  - [p, q]\n");
  EXPECT_EQ(emit(node),
            "operator:\n"
            "  resources:\n"
            "    limits:\n"
            "      cpu: 1000m\n"
            "watch:\n"
            "  - a\n"
            "  - b\n"
            "list:\n"
            "  - name: x\n"
            "    value: 1\n"
            "  - - p\n"
            "    - q\n");
  expect_round_trip(node);
}

TEST(YamlEmitter, KeepsDottedKeyAsOneKey) {
  const Node node = parse("configs:\n  files:\n    config.yaml:\n      watch:\n        namespaces: [\".*\"]\n");
  EXPECT_EQ(emit(node), "configs:\n  files:\n    config.yaml:\n      watch:\n        namespaces:\n          - \".*\"\n");
  expect_round_trip(node);
}

TEST(YamlEmitter, PlainStaysPlainAndQuotedStaysQuoted) {
  const Node node = parse("a: on\nb: \"on\"\nc: 'yes'\nd: 0.30\ne: \"0.30\"\nf: ~\ng: {}\nh: []\n");
  EXPECT_EQ(emit(node), "a: on\nb: \"on\"\nc: \"yes\"\nd: 0.30\ne: \"0.30\"\nf: null\ng: {}\nh: []\n");
  expect_round_trip(node);
}

TEST(YamlEmitter, EscapesQuotedScalars) {
  Node node = Node::mapping();
  node.set("text", Node::quoted("say \"hi\"\\\n\ttab\x01 \xE2\x80\xA8 \xC3\xA9"));
  EXPECT_EQ(emit(node), "text: \"say \\\"hi\\\"\\\\\\n\\ttab\\x01 \\u2028 \xC3\xA9\"\n");
  expect_round_trip(node);
}

TEST(YamlEmitter, QuotesPlainScalarsThatWouldNotReadBack) {
  Node node = Node::mapping();
  for (const char* text : {"", "a: b", "x #y", "- a", "-", "*star", "&amp", "!tag", "[x", "{x", "'q", "\"q", "%p",
                           "@at", "`b", "|", ">", "?", ":", "ends:", " lead", "trail ", "---", "...", "a\nb", "#c",
                           "?x", ",c"}) {
    node.set(std::string("k") + text, Node::scalar(text));
  }
  const std::string text = emit(node);
  const LoadedDocument back = load(text);
  ASSERT_TRUE(back.problems.empty()) << text;
  ASSERT_EQ(back.root.size(), node.size());
  for (std::size_t i = 0; i < node.size(); ++i) {
    EXPECT_EQ(back.root.entries()[i].first.text(), node.entries()[i].first.text());
    EXPECT_EQ(back.root.entries()[i].second.text(), node.entries()[i].second.text()) << text;
  }
}

// What the printers show escaped (the output rule) must be quoted, so that the
// printed YAML (render --manifests on a terminal or in a CI log) still reads
// back as the same data: inside double quotes \u200b and \x23 are YAML escapes.
TEST(YamlEmitter, WhatTheOutputRuleEscapesIsQuotedAndStillReadsBack) {
  Node node = Node::mapping();
  for (const char* text : {"plain##[z", "zero\xE2\x80\x8Bwidth", "::add-mask::x", "bidi\xE2\x80\xAEx", "c1\xC2\x9Bx"}) {
    node.set(std::string(text), Node::scalar(text));
  }
  const std::string printed = core::escaped_lines(emit(node)).printable();
  const LoadedDocument back = load(printed);
  ASSERT_TRUE(back.problems.empty()) << printed;
  ASSERT_EQ(back.root.size(), node.size()) << printed;
  for (std::size_t k = 0; k < node.size(); ++k) {
    EXPECT_EQ(back.root.entries()[k].first.text(), node.entries()[k].first.text()) << printed;
    EXPECT_EQ(back.root.entries()[k].second.text(), node.entries()[k].second.text()) << printed;
  }
}

TEST(YamlEmitter, PlainScalarsWithInnerIndicatorsStayPlain) {
  expect_round_trip(parse("a: -1\nb: a,b[c]{d}\nc: x:y\nd: http://x.y/z#frag\ne: --set\nf: <<\n"));
}

TEST(YamlEmitter, EmptyAndScalarRoots) {
  EXPECT_EQ(emit(Node::mapping()), "{}\n");
  EXPECT_EQ(emit(Node::sequence()), "[]\n");
  EXPECT_EQ(emit(Node::null()), "null\n");
  EXPECT_EQ(emit(Node::quoted("x")), "\"x\"\n");
}

TEST(YamlEmitter, NullAndCollectionKeysRoundTrip) {
  expect_round_trip(parse("~: 1\n? [a, b]\n: 2\n? {k: v}\n: {x: y}\n"));
}

TEST(YamlEmitter, NestedEmptiesAndSequencesOfMappings) {
  expect_round_trip(parse("a: [{}, [], ~, {b: []}]\nc: [[[x]]]\nd: {e: {f: {}}}\n"));
}

}  // namespace
}  // namespace altinity_deploy::yaml
