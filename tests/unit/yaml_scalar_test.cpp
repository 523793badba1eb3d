// The one YAML scalar module: the 1.1 boolean words, and the quoting the
// emitter and the status block share.
#include "altinity_deploy/yaml/scalar.hpp"

#include <gtest/gtest.h>

namespace altinity_deploy::yaml {
namespace {

TEST(YamlScalar, Yaml11BoolsAreTheWholeTableAndNothingElse) {
  for (const char* word : {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"}) {
    EXPECT_EQ(yaml11_bool(word), true) << word;
  }
  for (const char* word : {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"}) {
    EXPECT_EQ(yaml11_bool(word), false) << word;
  }
  for (const char* word : {"", "yEs", "tRUE", "1", "0", "enabled", "nope"}) {
    EXPECT_FALSE(yaml11_bool(word).has_value()) << word;
  }
}

TEST(YamlScalar, StringScalarQuotesWhatAReaderWouldNotReadAsThatString) {
  for (const char* word : {"yes", "nO", "null", "~", "<<", "=", "1.5", "0.25.3", "-dash", "a: b", "x #c", "", " x"}) {
    EXPECT_EQ(string_scalar(word).front(), '"') << word;
  }
  for (const char* word : {"deployed", "altinity-operator", "https://x.example/y", "ops"}) {
    EXPECT_EQ(string_scalar(word), word);
  }
}

TEST(YamlScalar, EmitterKeepsDashLedWordsPlainButNotDocumentMarkers) {
  EXPECT_TRUE(safe_as_plain("-dash"));
  EXPECT_FALSE(safe_as_plain("- item"));
  EXPECT_FALSE(safe_as_plain("---"));
  EXPECT_FALSE(safe_as_plain("key:"));
}

TEST(YamlScalar, DoubleQuotedEscapesControlsLineBreaksAndBom) {
  EXPECT_EQ(double_quoted("a\"b\\c\n\t\x01"), "\"a\\\"b\\\\c\\n\\t\\x01\"");
  EXPECT_EQ(double_quoted("x\xC2\x85y\xE2\x80\xA8z\xE2\x80\xA9\xEF\xBB\xBF"), "\"x\\u0085y\\u2028z\\u2029\\uFEFF\"");
}

}  // namespace
}  // namespace altinity_deploy::yaml
