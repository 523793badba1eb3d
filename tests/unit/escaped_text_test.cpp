// The output rule's escaping (core/escaped_text.hpp) over every class of
// character a terminal or GitHub's runner would obey.
#include "altinity_deploy/core/escaped_text.hpp"

#include <gtest/gtest.h>

#include <string>

namespace altinity_deploy::core {
namespace {

TEST(EscapeControls, ShowsEveryC0ControlAndDelVisibly) {
  EXPECT_EQ(escape_controls("a\nb\rc\td"), "a\\nb\\rc\\td");
  EXPECT_EQ(escape_controls("\x1b]0;title\x07"), "\\x1b]0;title\\x07") << "an OSC sequence";
  EXPECT_EQ(escape_controls("\x1b[2J"), "\\x1b[2J");
  EXPECT_EQ(escape_controls(std::string("nul\0x", 5)), "nul\\x00x");
  EXPECT_EQ(escape_controls("del\x7f"), "del\\x7f");
  for (int c = 0; c < 0x20; ++c) {
    const std::string out = escape_controls(std::string(1, static_cast<char>(c)));
    EXPECT_EQ(out.front(), '\\') << "C0 control " << c;
  }
}

TEST(EscapeControls, KeepsNewlinesOnlyWhenAsked) {
  EXPECT_EQ(escape_controls("one\ntwo\r\x1b", true), "one\ntwo\\r\\x1b");
}

TEST(EscapeControls, ShowsC1ControlsAsCodePoints) {
  EXPECT_EQ(escape_controls("csi\xc2\x9b" "31m"), "csi\\u009b31m");
  EXPECT_EQ(escape_controls("nel\xc2\x85"), "nel\\u0085");
  EXPECT_EQ(escape_controls("\xc2\x80\xc2\x9f"), "\\u0080\\u009f");
}

TEST(EscapeControls, ShowsBidirectionalControls) {
  EXPECT_EQ(escape_controls("rlo\xe2\x80\xae"), "rlo\\u202e");
  EXPECT_EQ(escape_controls("\xe2\x81\xa6lri\xe2\x81\xa9"), "\\u2066lri\\u2069");
  EXPECT_EQ(escape_controls("\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c"), "\\u200e\\u200f\\u061c") << "LRM, RLM, ALM";
  EXPECT_EQ(escape_controls("\xe2\x80\xaa\xe2\x80\xac"), "\\u202a\\u202c");
}

TEST(EscapeControls, ShowsInvisibleFormatCharacters) {
  EXPECT_EQ(escape_controls("zw\xe2\x80\x8bsp"), "zw\\u200bsp");
  EXPECT_EQ(escape_controls("\xef\xbb\xbf" "bom"), "\\ufeffbom");
  EXPECT_EQ(escape_controls("ls\xe2\x80\xa8ps\xe2\x80\xa9"), "ls\\u2028ps\\u2029");
  EXPECT_EQ(escape_controls("soft\xc2\xad"), "soft\\u00ad");
  EXPECT_EQ(escape_controls("wj\xe2\x81\xa0"), "wj\\u2060");
  EXPECT_EQ(escape_controls("tag\xf3\xa0\x80\x81"), "tag\\U000e0001");
}

TEST(EscapeControls, ShowsBytesThatAreNotUtf8) {
  EXPECT_EQ(escape_controls("\xff\xfe"), "\\xff\\xfe");
  EXPECT_EQ(escape_controls("cut\xe2\x80"), "cut\\xe2\\x80");
  EXPECT_EQ(escape_controls("\xc0\xaf"), "\\xc0\\xaf") << "an overlong '/'";
  EXPECT_EQ(escape_controls("\xed\xa0\x80"), "\\xed\\xa0\\x80") << "a surrogate";
}

TEST(EscapeControls, LeavesPrintableTextAlone) {
  const std::string text = "ops-ns/ClickHouse: \xc3\xa9t\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x9a\x80 C:\\path %25 ::x";
  EXPECT_EQ(escape_controls(text), text);
  EXPECT_EQ(escape_controls(escape_controls("a\x1b\n")), escape_controls("a\x1b\n")) << "idempotent";
}

TEST(EscapedText, FormatEscapesEveryArgumentButNotItsOwnWords) {
  const EscapedText text = escaped_format("[{}] {} of {}\n", "dev\n::add-mask::x", 3, escaped("a\x1b"));
  EXPECT_EQ(text.str(), "[dev\\n::add-mask::x] 3 of a\\x1b\n");
}

TEST(EscapedText, PrintableGuardsEveryLineStartAgainstWorkflowCommands) {
  EXPECT_EQ(escaped_lines("::add-mask::x\n  ::warning::y\nok ::z").printable(),
            "\\x3a:add-mask::x\n  \\x3a:warning::y\nok ::z");
  EXPECT_EQ(escaped_format("{}: valid\n", "::stop-commands::t").printable(), "\\x3a:stop-commands::t: valid\n");
  EXPECT_EQ(escaped("a ##[add-mask]x").printable(), "a #\\x23[add-mask]x") << "the older form, read anywhere";
  EXPECT_EQ(escaped(": one colon").printable(), ": one colon");
}

TEST(EscapedText, LinesAndSubstringsStayEscaped) {
  const EscapedText text = escaped_lines("one\x1b\ntwo\n");
  ASSERT_EQ(text.lines().size(), 2U);
  EXPECT_EQ(text.lines()[0].str(), "one\\x1b");
  EXPECT_EQ(text.substr(5).str(), "1b\ntwo\n");
}

TEST(EscapeJsonInvisibles, WritesWhatJsonLeavesRawAsJsonEscapes) {
  EXPECT_EQ(escape_json_invisibles("{\"a\":\"x\xe2\x80\xae\xc2\x9b\x7f\"}"), "{\"a\":\"x\\u202e\\u009b\\u007f\"}");
  EXPECT_EQ(escape_json_invisibles("\"##[add-mask]x\""), "\"#\\u0023[add-mask]x\"");
  EXPECT_EQ(escape_json_invisibles("\"\xf3\xa0\x80\x81\""), "\"\\udb40\\udc01\"") << "a surrogate pair";
  EXPECT_EQ(escape_json_invisibles("\"\xc3\xa9\""), "\"\xc3\xa9\"");
}

}  // namespace
}  // namespace altinity_deploy::core
