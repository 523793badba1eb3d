#include <gtest/gtest.h>

#include "../../src/cli/show_diagnostics.hpp"

namespace altinity_deploy::cli {
namespace {

using manifest::Diagnostic;
using manifest::Severity;

TEST(CliAnnotations, ErrorWithItsPosition) {
  EXPECT_EQ(github_annotation("deploy/op.yaml", Diagnostic{Severity::error, {8, 3}, "spec.namspace", "unknown field", {}}),
            "::error file=deploy/op.yaml,line=8,col=3::spec.namspace: unknown field");
}

TEST(CliAnnotations, TheHintFollowsTheMessage) {
  EXPECT_EQ(github_annotation("op.yaml", Diagnostic{Severity::error, {8, 3}, "spec.namspace", "unknown field 'namspace'",
                                                    "did you mean 'namespace'?"}),
            "::error file=op.yaml,line=8,col=3::spec.namspace: unknown field 'namspace'; did you mean 'namespace'?");
}

TEST(CliAnnotations, WarningWithoutPathOrPosition) {
  EXPECT_EQ(github_annotation("op.yaml", Diagnostic{Severity::warning, {}, "", "the manifest is empty", {}}),
            "::warning file=op.yaml::the manifest is empty");
}

TEST(CliAnnotations, StdinHasNoFileToPointAt) {
  EXPECT_EQ(github_annotation("<stdin>", Diagnostic{Severity::error, {2, 1}, "", "bad", {}}), "::error::bad");
}

TEST(CliAnnotations, EscapesAsGitHubSays) {
  EXPECT_EQ(escape_annotation_data("50% done\r\nnext: a,b"), "50%25 done%0D%0Anext: a,b");
  EXPECT_EQ(escape_annotation_property("a:b,c%d\ne"), "a%3Ab%2Cc%25d%0Ae");
  // A file name cannot end the property list or start the message early.
  EXPECT_EQ(github_annotation("we,ird:name.yaml", Diagnostic{Severity::error, {1, 1}, "", "x", {}}),
            "::error file=we%2Cird%3Aname.yaml,line=1,col=1::x");
}

TEST(CliAnnotations, MessagesAreRedactedAndOnOneLine) {
  const std::string line = github_annotation(
      "op.yaml", Diagnostic{Severity::error, {3, 5}, "spec.values", "bad value password=hunter2\nsecond line", {}});
  EXPECT_EQ(line.find("hunter2"), std::string::npos) << line;
  EXPECT_EQ(line.find('\n'), std::string::npos) << line;
  EXPECT_NE(line.find("%0Asecond line"), std::string::npos) << line;
}

}  // namespace
}  // namespace altinity_deploy::cli
