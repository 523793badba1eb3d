// The printers that quote user or tool text: validation problems, errors,
// command lines. Each goes through the redaction policy.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "altinity_deploy/actions/verbs.hpp"
#include "altinity_deploy/exec/command.hpp"
#include "altinity_deploy/manifest/manifest_loader.hpp"
#include "../../src/cli/print_json.hpp"

namespace altinity_deploy {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string problems(const std::string& text) {
  std::string out;
  for (const auto& d : manifest::load_manifest_text(text).diagnostics) out += d.format("m.yaml") + "\n";
  return out;
}

std::string manifest_with(const std::string& metadata_extra, const std::string& spec_body = "") {
  return "apiVersion: kubernetes.project-planton.org/v1\nkind: AltinityOperatorKubernetes\nmetadata:\n"
         "  name: op\n" +
         metadata_extra + "spec:\n" + spec_body;
}

TEST(RedactedProblems, AForeignFileIsDescribedNotQuoted) {
  const std::string shadow = problems("root:$6$salty$hashhashhash:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n");
  EXPECT_THAT(shadow, Not(HasSubstr("hashhash")));
  EXPECT_THAT(shadow, HasSubstr("unknown field (a key of 44 characters that is no field name)"));
  const std::string scalar = problems("just one line with a $ecret in it\n");
  EXPECT_THAT(scalar, Not(HasSubstr("ecret")));
  EXPECT_THAT(scalar, HasSubstr("got a string of 33 characters"));
}

TEST(RedactedProblems, LongValuesAreExcerpts) {
  const std::string out = problems(manifest_with("", "  namespace: " + std::string(5000, 'X') + "\n"));
  EXPECT_THAT(out, HasSubstr("'" + std::string(60, 'X') + "…'"));
  EXPECT_LT(out.size(), 600u);
  const std::string key = problems(manifest_with("", "  " + std::string(2'000'000, 'k') + ": 1\n"));
  EXPECT_LT(key.size(), 600u) << "a 2 MB unknown key";
}

TEST(RedactedProblems, ValuesUnderSecretKeysAreNeverQuoted) {
  const std::string out = problems(manifest_with("  labels:\n    password: yes\n    apiToken: [hunter2]\n"));
  EXPECT_THAT(out, HasSubstr("metadata.labels.password: '<redacted>' is a plain YAML boolean"));
  EXPECT_THAT(out, Not(HasSubstr("yes")));
  EXPECT_THAT(out, Not(HasSubstr("hunter2")));
}

TEST(RedactedProblems, EscapeSequencesAndUrlPasswordsInAValue) {
  const std::string out = problems(manifest_with("", "  namespace: \"x://u:pw1@h\\e[2J\\u202e\"\n"));
  EXPECT_THAT(out, HasSubstr("x://u:<redacted>@h\\x1b[2J\\u202e"));
  EXPECT_THAT(out, Not(HasSubstr("pw1")));
  EXPECT_EQ(out.find('\x1b'), std::string::npos);
}

TEST(RedactedProblems, DiagnosticsAreRedactedWhateverBuiltThem) {
  const manifest::Diagnostic d{manifest::Severity::error, {1, 1}, "spec.values.a\x1b", "got 'https://u:p@h' and --token=t", {}};
  EXPECT_EQ(d.format("m.yaml"), "m.yaml:1:1: spec.values.a\\x1b: got 'https://u:<redacted>@h' and --token=<redacted>");
  const manifest::Diagnostic long_one{manifest::Severity::error, {1, 1}, "p", "a\nb " + std::string(1000, 'z'), {}};
  EXPECT_EQ(long_one.format("m.yaml"), "m.yaml:1:1: p: a\\nb " + std::string(496, 'z') + "…");
}

TEST(RedactedErrors, FailureDocumentRedactsMessageAndHint) {
  const actions::Failure failure{
      Error{ExitCode::failed, "helm failed:\nError: pulling https://bot:tok3n@charts.example/x\x1b[31m", "use --password=s3cret"},
      {}, {}};
  const auto document = cli::failure_document("up", ExitCode::failed, failure);
  const std::string error = document["error"].get<std::string>();
  EXPECT_EQ(error, "helm failed:\nError: pulling https://bot:<redacted>@charts.example/x\\x1b[31m");
  EXPECT_EQ(document["hint"].get<std::string>(), "use --password=<redacted>");
}

TEST(RedactedCommands, DisplayHidesPasswordsInArguments) {
  exec::Command command;
  command.argv = {"helm", "pull", "--repo", "https://bot:tok3n@charts.example/", "--password=s3cret", "x"};
  EXPECT_EQ(command.display(), "helm pull --repo 'https://bot:<redacted>@charts.example/' '--password=<redacted>' x");
}

}  // namespace
}  // namespace altinity_deploy
