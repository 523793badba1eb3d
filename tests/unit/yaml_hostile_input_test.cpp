// Text a careless or hostile user could write: the loader always ends, with
// a located error where the YAML is broken, and bounds what it builds.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "altinity_deploy/yaml/yaml_loader.hpp"

namespace altinity_deploy::yaml {
namespace {

std::string repeat(std::string_view piece, std::size_t times) {
  std::string out;
  out.reserve(piece.size() * times);
  for (std::size_t i = 0; i < times; ++i) out += piece;
  return out;
}

void expect_syntax_error(const std::string& text, int line, int column, const std::string& message) {
  const LoadedDocument doc = load(text);
  EXPECT_TRUE(doc.syntax_error) << text.substr(0, 80);
  ASSERT_FALSE(doc.problems.empty());
  EXPECT_EQ(doc.problems.back().mark.line, line);
  EXPECT_EQ(doc.problems.back().mark.column, column);
  EXPECT_EQ(doc.problems.back().message, message);
}

TEST(YamlHostileInput, TheSixByteYamlCppHangIsASyntaxError) {
  // yaml-cpp 0.7 returns "another document" forever on this (upstream #1040).
  expect_syntax_error(" a:\n,\n", 2, 1, "did not find expected <document start>");
}

TEST(YamlHostileInput, AnOpenDoubleQuoteIsAnErrorNotTheRestOfTheFile) {
  expect_syntax_error("a: \"open\nb: 1\nc: 2\n", 4, 1,
                      "found unexpected end of stream, while scanning a quoted scalar that starts at 1:4");
  expect_syntax_error("a: 'open\nb: 1\n", 3, 1,
                      "found unexpected end of stream, while scanning a quoted scalar that starts at 1:4");
}

TEST(YamlHostileInput, ALastKeyWithoutAColonIsAnError) {
  expect_syntax_error("a: 1\nspec\n", 3, 1, "could not find expected ':', while scanning a simple key that starts at 2:1");
  expect_syntax_error("a: 1\nb", 3, 1, "could not find expected ':', while scanning a simple key that starts at 2:1");
}

// Found by fuzzing: libyaml (like Helm's reader) breaks lines at a lone CR
// and at U+2028, yaml-cpp does not, so the tree would not be what Helm reads.
TEST(YamlHostileInput, TextTheTwoParsersReadDifferentlyIsAnError) {
  for (const char* text : {"a: 1\rb: 2\n", "a: x\xE2\x80\xA8" "b: 2\n", "k:\r  v\n"}) {
    const LoadedDocument doc = load(text);
    EXPECT_TRUE(doc.syntax_error) << text;
    ASSERT_EQ(doc.problems.size(), 1u) << text;
    EXPECT_TRUE(doc.problems[0].message.starts_with("libyaml and yaml-cpp read the YAML here differently"))
        << doc.problems[0].message;
  }
  EXPECT_TRUE(load("a: 1\r\nb: \"x\\ry\"\r\n").problems.empty()) << "CRLF and an escaped CR are fine";
}

TEST(YamlHostileInput, InvalidUtf8IsAnErrorAtItsByte) {
  const LoadedDocument doc = load("a: 1\nb: \xff\n");
  EXPECT_TRUE(doc.syntax_error);
  ASSERT_EQ(doc.problems.size(), 1u);
  EXPECT_EQ(doc.problems[0].mark.line, 2);
  EXPECT_EQ(doc.problems[0].mark.column, 4);
}

TEST(YamlHostileInput, NestingIsCappedAt256Levels) {
  for (const std::string& text :
       {repeat("[", 100'000), repeat("{a: ", 100'000), repeat("- ", 100'000) + "x\n", repeat("[", 257)}) {
    const LoadedDocument doc = load(text);
    EXPECT_TRUE(doc.syntax_error) << text.substr(0, 20);
    ASSERT_EQ(doc.problems.size(), 1u);
    EXPECT_EQ(doc.problems[0].message, "collections nest more than 256 levels deep");
  }
  const LoadedDocument deepest = load(repeat("[", 256) + repeat("]", 256));
  EXPECT_TRUE(deepest.problems.empty());
}

TEST(YamlHostileInput, AnAliasCannotNestDeeperThanTheCap) {
  const std::string text = "a: &a " + repeat("[", 200) + repeat("]", 200) + "\nb: " + repeat("[", 60) + "*a" +
                           repeat("]", 60) + "\n";
  const LoadedDocument doc = load(text);
  ASSERT_EQ(doc.problems.size(), 1u);
  EXPECT_EQ(doc.problems[0].message, "this alias nests collections more than 256 levels deep");
  EXPECT_EQ(doc.problems[0].mark.line, 2);
  EXPECT_TRUE(load("a: &a " + repeat("[", 200) + repeat("]", 200) + "\nb: " + repeat("[", 50) + "*a" +
                   repeat("]", 50) + "\n")
                  .problems.empty());
}

TEST(YamlHostileInput, AliasedStringsAreCappedByBytes) {
  // 100 KB behind one anchor, copied 100 times: 10 MB from a 100 KB text.
  std::string text = "big: &big " + repeat("x", 100'000) + "\ncopies: [" + repeat("*big, ", 99) + "*big]\n";
  const LoadedDocument doc = load(text);
  ASSERT_FALSE(doc.problems.empty());
  EXPECT_EQ(doc.problems.back().message, "anchors and aliases expand to more than 100000 nodes or 4 MiB of text");
  const Node* copies = doc.root.find("copies");
  ASSERT_NE(copies, nullptr);
  std::size_t kept = 0;
  for (const Node& item : copies->items()) kept += item.is_scalar() ? item.text().size() : 0;
  EXPECT_LE(kept, kMaxCopiedBytes);
}

TEST(YamlHostileInput, NestedAnchorsCountTowardsTheCap) {
  // Each anchor copies everything inside it: 200 nested anchors around 40 KB.
  std::string text;
  for (int i = 0; i < 200; ++i) text += "- &a" + std::to_string(i) + "\n" + std::string(2 * (i + 1), ' ');
  text += repeat("y", 40'000) + "\n";
  const LoadedDocument doc = load(text);
  ASSERT_FALSE(doc.problems.empty());
  EXPECT_EQ(doc.problems.back().message, "anchors and aliases expand to more than 100000 nodes or 4 MiB of text");
}

TEST(YamlHostileInput, ALongDigitStringResolvesWithoutRecursion) {
  const std::string digits = repeat("1", 30'000);
  EXPECT_EQ(resolve_plain(digits), PlainType::string) << "overflows float64, so Go keeps the text";
  EXPECT_EQ(resolve_plain("1." + digits), PlainType::number);
  EXPECT_EQ(resolve_plain("." + digits), PlainType::number);
  EXPECT_EQ(resolve_plain(digits + "x"), PlainType::string);
  EXPECT_EQ(resolve_plain("." + repeat("1_", 20'000) + "1"), PlainType::number);
}

TEST(YamlHostileInput, LargeTextLoadsInLinearTime) {
  const auto start = std::chrono::steady_clock::now();
  const LoadedDocument doc = load("k: [" + repeat("1, ", 300'000) + "1]\nv: " + repeat("9", 500'000) + "\n");
  EXPECT_TRUE(doc.problems.empty());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
}

}  // namespace
}  // namespace altinity_deploy::yaml
