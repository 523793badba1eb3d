#include <gtest/gtest.h>

#include "altinity_deploy/fleet/selector.hpp"
#include "altinity_deploy/fleet/shard.hpp"

namespace altinity_deploy::fleet {
namespace {

Target labelled(const std::string& name, std::map<std::string, std::string> labels) {
  Target target;
  target.name = target.label = name;
  target.labels = std::move(labels);
  return target;
}

// The names of the targets the selector picks from a small fleet.
std::string picked(const std::string& text) {
  const std::vector<Target> fleet = {labelled("dev", {{"env", "dev"}, {"team", "data"}, {"tier", "a"}}),
                                     labelled("prod", {{"env", "prod"}, {"team", "web"}, {"tier", "b"}}),
                                     labelled("bare", {})};
  auto selector = parse_selector(text);
  if (!selector) return "error: " + selector.error().message;
  std::string names;
  for (const Target& target : fleet) {
    if (selector->matches(target)) names += (names.empty() ? "" : " ") + target.name;
  }
  return names;
}

TEST(FleetSelector, EachOperatorAsKubectlReadsIt) {
  EXPECT_EQ(picked("env=prod"), "prod");
  EXPECT_EQ(picked("env==prod"), "prod");
  EXPECT_EQ(picked("env!=prod"), "dev bare") << "!= matches a target without the label, as in Kubernetes";
  EXPECT_EQ(picked("tier in (a,b)"), "dev prod");
  EXPECT_EQ(picked("tier in ( a , c )"), "dev");
  EXPECT_EQ(picked("tier notin (a)"), "prod bare");
  EXPECT_EQ(picked("team"), "dev prod");
  EXPECT_EQ(picked("!team"), "bare");
  EXPECT_EQ(picked("env in (dev,prod), team!=web"), "dev") << "comma-separated requirements all hold";
  EXPECT_EQ(picked(" env = dev "), "dev");
}

// metadata.tags, a list, under the key `tag`.
std::string picked_by_tag(const std::string& text) {
  auto tagged = [](const std::string& name, std::vector<std::string> tags) {
    Target target = labelled(name, {});
    target.tags = std::move(tags);
    return target;
  };
  Target labelled_tag = labelled("label", {{"tag", "canary"}});  // a label `tag` wins over the list
  labelled_tag.tags = {"beta"};
  const std::vector<Target> fleet = {tagged("both", {"canary", "beta"}), tagged("beta", {"beta"}),
                                     tagged("none", {}), labelled_tag};
  auto selector = parse_selector(text);
  if (!selector) return "error: " + selector.error().message;
  std::string names;
  for (const Target& target : fleet) {
    if (selector->matches(target)) names += (names.empty() ? "" : " ") + target.name;
  }
  return names;
}

TEST(FleetSelector, TagReadsMetadataTagsAsAList) {
  EXPECT_EQ(picked_by_tag("tag=canary"), "both label");
  EXPECT_EQ(picked_by_tag("tag==beta"), "both beta");
  EXPECT_EQ(picked_by_tag("tag in (canary,gamma)"), "both label");
  EXPECT_EQ(picked_by_tag("tag!=canary"), "beta none");
  EXPECT_EQ(picked_by_tag("tag notin (canary,beta)"), "none");
  EXPECT_EQ(picked_by_tag("tag"), "both beta label");
  EXPECT_EQ(picked_by_tag("!tag"), "none");
  EXPECT_EQ(picked_by_tag("tag=beta,tag=canary"), "both") << "each requirement must hold";
}

TEST(FleetSelector, ABadSelectorIsNamedWithTheSyntax) {
  auto bad = parse_selector("tier in a,b");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ExitCode::invalid_input);
  EXPECT_EQ(bad.error().message, "--selector 'tier in a,b': 'a' is not a set of values in parentheses, e.g. (a,b)");
  EXPECT_NE(bad.error().hint.find("tier in (a,b)"), std::string::npos);
  EXPECT_EQ(picked("env=prod,"), "error: --selector 'env=prod,': an empty requirement");
  EXPECT_EQ(picked("tier in (a"), "error: --selector 'tier in (a': a '(' without its ')'");
  EXPECT_EQ(picked("env>prod"), "error: --selector 'env>prod': 'env>prod': expected =, ==, !=, in or notin after 'env'");
  EXPECT_EQ(picked("!env=prod"), "error: --selector '!env=prod': '!env=prod': !KEY takes no value");
  EXPECT_EQ(picked("=prod"), "error: --selector '=prod': '=prod' does not start with a label key");
}

TEST(FleetSelector, SelectingNoTargetIsAnError) {
  const std::vector<Target> fleet = {labelled("dev", {{"env", "dev"}})};
  auto none = select_targets(fleet, *parse_selector("env=prdo"));
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().message, "--selector 'env=prdo' matches none of the 1 targets");
  EXPECT_EQ(select_targets(fleet, *parse_selector("env=dev"))->size(), 1U);
}

TEST(FleetShardOfWaves, ShardsOfSeveralWavesAreRefusedOneWaveIsFine) {
  EXPECT_TRUE(check_shard_of_one_wave(nullptr));
  const WaveOrder one = *parse_waves("env=prod");
  const WaveOrder two = *parse_waves("env=dev,prod");
  EXPECT_TRUE(check_shard_of_one_wave(&one));
  auto refused = check_shard_of_one_wave(&two);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ExitCode::invalid_input);
  EXPECT_EQ(refused.error().message,
            "--shard with --waves env=dev,prod: each CI job would run its share of every wave, so one job's "
            "env=prod could start before another job's env=dev has finished");
  EXPECT_NE(refused.error().hint.find("-l env=dev --shard K/N"), std::string::npos);
}

}  // namespace
}  // namespace altinity_deploy::fleet
