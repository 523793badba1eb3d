#include <gtest/gtest.h>

#include "../../src/cli/usage_hints.hpp"

namespace altinity_deploy::cli {
namespace {

using Args = std::vector<std::string>;

TEST(CliUsageHints, FindsTheOutputFormatBeforeParsing) {
  for (const Args& args : {Args{"-o", "json", "upp"}, Args{"--output", "json"}, Args{"--output=json", "up"},
                           Args{"-ojson"}, Args{"-o=json"}, Args{"validate", "-o", "json", "--bogus"}}) {
    EXPECT_TRUE(asks_for_json(args)) << args.front();
  }
  for (const Args& args : {Args{"-o", "text"}, Args{"up"}, Args{"--", "-o", "json"}, Args{"-o"},
                           Args{"-o", "json", "-o", "text"}}) {
    EXPECT_FALSE(asks_for_json(args)) << args.front();
  }
}

std::optional<UsageProblem> problem(const Args& args) {
  auto line = make_command_line();
  return find_usage_problem(*line, args);
}

TEST(CliUsageHints, MistypedVerb) {
  auto found = problem({"upp", "-f", "x.yaml"});
  ASSERT_TRUE(found);
  EXPECT_EQ(found->message, "unknown command 'upp'; did you mean 'up'?");
  found = problem({"-f", "validate", "frobnicate"});  // validate is the value of -f
  ASSERT_TRUE(found);
  EXPECT_EQ(found->message, "unknown command 'frobnicate'");
}

TEST(CliUsageHints, MistypedFlag) {
  auto found = problem({"--manfest", "x.yaml", "validate"});
  ASSERT_TRUE(found);
  EXPECT_EQ(found->message, "unknown flag '--manfest'; did you mean '--manifest'?");
  found = problem({"up", "--lock-timout", "5m"});
  ASSERT_TRUE(found);
  EXPECT_EQ(found->message, "unknown flag '--lock-timout'; did you mean '--lock-timeout'?");
  EXPECT_EQ(found->hint, "see altinity-deploy up --help");
}

TEST(CliUsageHints, NoCommand) {
  auto found = problem({"-f", "x.yaml"});
  ASSERT_TRUE(found);
  EXPECT_EQ(found->message, "no command given");
}

TEST(CliUsageHints, NothingToSayAboutARightCommandLine) {
  EXPECT_FALSE(problem({"up", "-f", "x.yaml", "--lock-timeout", "1m30s", "--output=json"}));
  EXPECT_FALSE(problem({"diff", "--detailed-exitcode"}));
  EXPECT_FALSE(problem({"completion", "bash"}));
}

}  // namespace
}  // namespace altinity_deploy::cli
