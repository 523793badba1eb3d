// The fleet: which manifests, which targets, shards, waves, and the runner
// (real child processes: a small script stands in for the deployer, since
// the runner only needs a program that takes --manifest and writes a report).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "altinity_deploy/core/interrupt.hpp"
#include "altinity_deploy/fleet/fleet_run.hpp"
#include "altinity_deploy/fleet/fleet_targets.hpp"
#include "altinity_deploy/fleet/shard.hpp"
#include "altinity_deploy/fleet/waves.hpp"

namespace altinity_deploy::fleet {
namespace {

namespace fs = std::filesystem;

std::string manifest_text(const std::string& name, const std::string& ns, const std::string& extra = "") {
  return "apiVersion: kubernetes.project-planton.org/v1\nkind: AltinityOperator\nmetadata:\n  name: " + name +
         "\n" + extra + "spec:\n  namespace: " + ns + "\n";
}

class FleetFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/altinity-deploy-fleet-test-XXXXXX";
    dir_ = ::mkdtemp(pattern);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) {
    const std::string path = dir_ + "/" + name;
    fs::create_directories(fs::path(path).parent_path());
    std::ofstream(path) << text;
    return path;
  }
  std::string dir_;
};

TEST_F(FleetFiles, AFolderIsItsManifestsInOrderAndNamesEverySkip) {
  write("fleet/b.yaml", manifest_text("b", "ops"));
  write("fleet/a.yml", manifest_text("a", "ops"));
  write("fleet/values.yaml", "kind: SomethingElse\nreplicas: 2\n");
  write("fleet/flow.yaml", "{apiVersion: apps/v1, kind: Deployment}\n");
  write("fleet/plain-values.yaml", "replicas: 2\n");
  write("fleet/broken.yaml", "metadata: [unclosed\n");
  write("fleet/notes.txt", "not yaml");
  write("fleet/sub/c.yaml", manifest_text("c", "ops"));
  const auto files = expand_manifest_arguments({dir_ + "/fleet"});
  ASSERT_TRUE(files) << files.error().message;
  EXPECT_EQ(files->paths, (std::vector<std::string>{dir_ + "/fleet/a.yml", dir_ + "/fleet/b.yaml",
                                                    dir_ + "/fleet/broken.yaml"}))
      << "a file that does not parse stays so its errors show; subfolders are not entered";
  std::vector<std::string> skips;
  for (const auto& skipped : files->skipped) skips.push_back(fs::path(skipped.path).filename().string() + ": " + skipped.reason);
  EXPECT_EQ(skips, (std::vector<std::string>{"flow.yaml: kind Deployment", "notes.txt: not a .yaml or .yml file",
                                             "plain-values.yaml: no kind: not a manifest",
                                             "sub: a folder: folders are not searched",
                                             "values.yaml: kind SomethingElse"}));
  EXPECT_TRUE(names_a_fleet({dir_ + "/fleet"}));
  EXPECT_FALSE(names_a_fleet({dir_ + "/fleet/a.yml"}));
  EXPECT_TRUE(names_a_fleet({dir_ + "/fleet/a.yml", dir_ + "/fleet/b.yaml"}));
}

TEST_F(FleetFiles, BothKindsAreOursAndAFolderOfNoneNamesWhatItSkipped) {
  write("two/new.yaml", manifest_text("a", "ops"));
  std::string older = manifest_text("b", "ops");
  older.replace(older.find("kind: AltinityOperator"), 22, "kind: AltinityOperatorKubernetes");
  write("two/old.yaml", older);
  const auto both = expand_manifest_arguments({dir_ + "/two"});
  ASSERT_TRUE(both) << both.error().message;
  EXPECT_EQ(both->paths.size(), 2U);
  EXPECT_TRUE(both->skipped.empty());

  write("none/deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\n");
  const auto none = expand_manifest_arguments({dir_ + "/none"});
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().message.find("deploy.yaml (kind Deployment)"), std::string::npos) << none.error().message;
}

// A large YAML file of another kind is judged by its head, not parsed:
// a folder of them is skipped quickly (issue 17: 41 files of 1 MiB took 27 s).
TEST_F(FleetFiles, LargeFilesOfOtherKindsAreJudgedByTheirHead) {
  std::string big = "apiVersion: v1\nkind: ConfigMap\ndata:\n";
  while (big.size() < 1024 * 1024) big += "  key" + std::to_string(big.size()) + ": [unclosed\n";
  write("big/cm.yaml", big);
  write("big/op.yaml", manifest_text("a", "ops"));
  const auto files = expand_manifest_arguments({dir_ + "/big"});
  ASSERT_TRUE(files) << files.error().message;
  ASSERT_EQ(files->skipped.size(), 1U);
  EXPECT_EQ(files->skipped[0].reason, "kind ConfigMap") << "a full parse would have found the syntax error and kept it";
}

TEST_F(FleetFiles, SymlinkLoopsAreReportedTheSameWhateverTheOrder) {
  write("loops/op.yaml", manifest_text("a", "ops"));
  for (const char* name : {"a-loop.txt", "z-loop.txt", "m-loop.yaml"}) {
    fs::create_symlink(name, dir_ + "/loops/" + name);  // each points at itself
  }
  const auto files = expand_manifest_arguments({dir_ + "/loops"});
  ASSERT_TRUE(files) << files.error().message;
  EXPECT_EQ(files->paths, (std::vector<std::string>{dir_ + "/loops/m-loop.yaml", dir_ + "/loops/op.yaml"}))
      << "a .yaml loop stays, so loading it says what is wrong";
  ASSERT_EQ(files->skipped.size(), 2U);
  for (const auto& skipped : files->skipped) {
    EXPECT_EQ(skipped.reason, "cannot be read: Too many levels of symbolic links") << skipped.path;
  }
}

TEST_F(FleetFiles, AFileNamedDashFoundByAPatternIsAFile) {
  write("-", manifest_text("a", "ops"));
  const std::string cwd = fs::current_path().string();
  fs::current_path(dir_);
  const auto files = expand_manifest_arguments({"[-]"});
  fs::current_path(cwd);
  ASSERT_TRUE(files) << files.error().message;
  EXPECT_EQ(files->paths, std::vector<std::string>{"./-"}) << "never standard input";
}

TEST_F(FleetFiles, APatternAndRepeatedFilesAreExpandedOnce) {
  const std::string a = write("a.yaml", manifest_text("a", "ops"));
  const std::string b = write("b.yaml", manifest_text("b", "ops"));
  write("c.yaml", "kind: Deployment\n");
  const auto files = expand_manifest_arguments({dir_ + "/*.yaml", a});
  ASSERT_TRUE(files) << files.error().message;
  EXPECT_EQ(files->paths, (std::vector<std::string>{a, b})) << "a file named twice is one target";
  ASSERT_EQ(files->skipped.size(), 1U) << "a pattern skips other kinds as a folder does, and says so";
  EXPECT_EQ(files->skipped[0].reason, "kind Deployment");
  EXPECT_TRUE(names_a_fleet({dir_ + "/*.yaml"}));
  const auto none = expand_manifest_arguments({dir_ + "/*.json"});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ExitCode::invalid_input);
  fs::create_directories(dir_ + "/empty");
  EXPECT_FALSE(expand_manifest_arguments({dir_ + "/empty"}));
}

TEST_F(FleetFiles, TargetsCarryTheirClusterAndTheSameReleaseTwiceIsRefused) {
  const std::string eu = write("eu.yaml", manifest_text("op", "ops",
                                                         "  env: prod\n") +
                                              "  targetCluster:\n    credentialId: eu\n");
  const std::string us = write("us.yaml", manifest_text("op", "ops") + "  targetCluster:\n    credentialId: us\n");
  const std::string bad = write("bad.yaml", "kind: AltinityOperatorKubernetes\n");
  const auto loaded = load_targets({eu, us, bad}, cluster::AccessInputs{});
  ASSERT_EQ(loaded.targets.size(), 2U);
  ASSERT_EQ(loaded.invalid.size(), 1U);
  EXPECT_EQ(loaded.invalid[0].manifest_path, bad);
  EXPECT_FALSE(loaded.invalid[0].diagnostics.empty());
  EXPECT_EQ(loaded.targets[0].cluster, "credential eu");
  EXPECT_EQ(loaded.targets[0].label, "op/eu") << "the same name on two clusters: the file tells them apart";
  EXPECT_EQ(load_targets({eu}, cluster::AccessInputs{}).targets[0].label, "op");
  EXPECT_EQ(loaded.targets[0].labels.at("env"), "prod");
  EXPECT_TRUE(check_unique_targets(loaded.targets)) << "same release and namespace on two clusters";

  const std::string eu_again = write("eu2.yaml", manifest_text("op", "ops") + "  targetCluster:\n    credentialId: eu\n");
  const auto twice = load_targets({eu, eu_again}, cluster::AccessInputs{});
  const auto refused = check_unique_targets(twice.targets);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ExitCode::invalid_input);
  EXPECT_NE(refused.error().message.find("eu2.yaml"), std::string::npos) << refused.error().message;

  cluster::AccessInputs flags;
  flags.kubeconfig_flag = "/k/config";
  flags.context_flag = "ctx";
  EXPECT_EQ(load_targets({eu}, flags).targets[0].cluster, "kubeconfig /k/config context ctx")
      << "flags win over the manifest, as in a single run";
}

TEST_F(FleetFiles, AFlagThatWouldPutTargetsOfDifferentClustersOnOneIsRefused) {
  const std::string eu = write("eu.yaml", manifest_text("eu", "ops") + "  targetCluster:\n    credentialId: eu-prod\n");
  const std::string us = write("us.yaml", manifest_text("us", "ops") + "  targetCluster:\n    credentialId: us-prod\n");
  const std::string any = write("any.yaml", manifest_text("any", "ops"));
  cluster::AccessInputs environment;
  environment.kubeconfig_env = "/one/cluster";
  const auto from_environment = load_targets({eu, us, any}, environment);
  EXPECT_TRUE(check_no_cluster_collapse(from_environment.targets, environment))
      << "KUBECONFIG does not override a manifest's credential";
  EXPECT_EQ(from_environment.targets[0].cluster, "credential eu-prod");
  EXPECT_EQ(from_environment.targets[2].cluster, "kubeconfig /one/cluster");

  cluster::AccessInputs flag;
  flag.kubeconfig_flag = "/one/cluster";
  const auto collapsed = load_targets({eu, us, any}, flag);
  const auto refused = check_no_cluster_collapse(collapsed.targets, flag);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ExitCode::invalid_input);
  EXPECT_EQ(refused.error().message,
            "--kubeconfig would send targets whose manifests name different clusters to one cluster (kubeconfig "
            "/one/cluster): eu (credential eu-prod, " + eu + "); us (credential us-prod, " + us +
                "); nothing was started");
  EXPECT_NE(refused.error().hint.find("--same-cluster"), std::string::npos);
  EXPECT_TRUE(check_no_cluster_collapse(load_targets({eu, any}, flag).targets, flag))
      << "one named cluster and one unnamed: an override, as in a single run";

  cluster::AccessInputs context;
  context.context_flag = "admin";
  EXPECT_TRUE(check_no_cluster_collapse(load_targets({eu, us}, context).targets, context))
      << "--context alone keeps each credential's own kubeconfig: still two clusters";
}

Target target_named(const std::string& name, const std::string& env = "") {
  Target target;
  target.manifest_path = "/fleet/" + name + ".yaml";
  target.name = name;
  target.label = name;
  target.namespace_name = "ops";
  target.cluster = "credential c";
  if (!env.empty()) target.labels["env"] = env;
  return target;
}

TEST(FleetShard, ShardsCoverTheFleetExactlyOnceAndMoveLittle) {
  std::vector<Target> fleet;
  for (int i = 0; i < 200; ++i) fleet.push_back(target_named("t" + std::to_string(i)));
  std::map<std::string, int> owner;
  for (int k = 1; k <= 4; ++k) {
    for (const auto& target : targets_of_shard(fleet, Shard{k, 4})) {
      EXPECT_TRUE(owner.emplace(target.name, k).second) << target.name << " in two shards";
    }
  }
  EXPECT_EQ(owner.size(), fleet.size());
  for (int k = 1; k <= 4; ++k) EXPECT_GT(targets_of_shard(fleet, Shard{k, 4}).size(), 20U) << "shard " << k;
  int moved = 0;
  for (const auto& target : fleet) moved += shard_of(target.identity(), 5) != owner[target.name] ? 1 : 0;
  EXPECT_LT(moved, 80) << "from 4 to 5 shards about a fifth move, not most";
  EXPECT_EQ(parse_shard("2/4")->index, 2);
  for (const char* bad : {"0/4", "5/4", "4", "a/b", "1/0", "1/4x", "-1/4", "1/1001"}) {
    EXPECT_FALSE(parse_shard(bad)) << bad;
  }
}

TEST(FleetWaves, TargetsGoInTheWaveOfTheirLabel) {
  const auto order = parse_waves("env=dev,prod");
  ASSERT_TRUE(order);
  const std::vector<Target> fleet = {target_named("p", "prod"), target_named("d", "dev"), target_named("d2", "dev")};
  const auto waves = group_in_waves(fleet, &*order);
  ASSERT_TRUE(waves) << waves.error().message;
  ASSERT_EQ(waves->size(), 2U);
  EXPECT_EQ((*waves)[0].name, "env=dev");
  EXPECT_EQ((*waves)[0].targets.size(), 2U);
  EXPECT_EQ((*waves)[1].targets[0].name, "p");
  const auto stray = group_in_waves({target_named("s", "staging"), target_named("n")}, &*order);
  ASSERT_FALSE(stray);
  EXPECT_NE(stray.error().message.find("'staging'"), std::string::npos) << stray.error().message;
  EXPECT_NE(stray.error().message.find("not set"), std::string::npos) << stray.error().message;
  for (const char* bad : {"env", "=dev", "env=", "env=dev,,prod", "env=dev,dev"}) EXPECT_FALSE(parse_waves(bad)) << bad;
}

TEST(FleetExitCode, TheMostSevereWins) {
  const auto outcomes = [](std::vector<int> codes) {
    std::vector<TargetOutcome> all;
    for (int code : codes) {
      TargetOutcome outcome;
      outcome.state = code == 0 || code == 2 ? TargetOutcome::State::succeeded : TargetOutcome::State::failed;
      outcome.exit_code = code;
      all.push_back(outcome);
    }
    return all;
  };
  EXPECT_EQ(fleet_exit_code(outcomes({0, 0})), 0);
  EXPECT_EQ(fleet_exit_code(outcomes({0, 2})), 2);
  EXPECT_EQ(fleet_exit_code(outcomes({2, 3})), 3);
  EXPECT_EQ(fleet_exit_code(outcomes({3, 5, 4})), 4);
  EXPECT_EQ(fleet_exit_code(outcomes({4, 1, 5})), 1);
  EXPECT_EQ(fleet_exit_code(outcomes({1, 130})), 130);
  auto skipped = outcomes({0});
  skipped[0].state = TargetOutcome::State::skipped;
  EXPECT_EQ(fleet_exit_code(skipped), 1);
}

// A stand-in for the deployer: logs, honours the report file, and behaves
// by the manifest's name (fail*, slow*).
class FleetRunner : public FleetFiles {
 protected:
  void SetUp() override {
    FleetFiles::SetUp();
    script_ = write("fake-deployer", R"SH(#!/bin/bash
manifest="${@: -1}"
name=$(basename "$manifest" .yaml)
trap 'echo "$name got a signal" >&2; echo "stopped $name" >> "$LOG"; exit 130' TERM INT
echo "start $name $(date +%s%N)" >> "$LOG"
echo "$name: planning" >&2
case "$name" in
  fail*) sleep 0.2; echo "$name: error: it broke" >&2; echo "end $name $(date +%s%N)" >> "$LOG"; exit 1 ;;
  slow*) sleep 30 & wait ;;
esac
sleep 0.3
printf '{"action": "installed", "revision": 1, "args": "%s"}' "$*" > "$ALTINITY_DEPLOY_REPORT_FILE"
echo "report of $name"
echo "end $name $(date +%s%N)" >> "$LOG"
exit 0
)SH");
    ::chmod(script_.c_str(), 0755);
    log_ = dir_ + "/log";
    ::setenv("LOG", log_.c_str(), 1);
  }

  std::vector<std::string> log_lines() const {
    std::ifstream in(log_);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }

  // The most targets that ran at the same time, from the start/end times.
  int max_overlap() const {
    std::vector<std::pair<long long, int>> events;
    for (const auto& line : log_lines()) {
      const auto last_space = line.rfind(' ');
      if (line.starts_with("start ")) events.emplace_back(std::stoll(line.substr(last_space + 1)), 1);
      if (line.starts_with("end ")) events.emplace_back(std::stoll(line.substr(last_space + 1)), -1);
    }
    std::sort(events.begin(), events.end());
    int now = 0, most = 0;
    for (const auto& [at, delta] : events) most = std::max(most, now += delta);
    return most;
  }

  std::string script_;
  std::string log_;
};

class RecordingDisplay : public FleetDisplay {
 public:
  void started(const Target& target) override { events.push_back("started " + target.name); }
  void line(const Target& target, std::string_view text) override {
    lines.push_back(target.name + "| " + std::string(text));
  }
  void finished(const TargetOutcome& outcome) override { events.push_back("finished " + outcome.target.name); }
  void tick() override {
    if (on_tick) on_tick();
  }
  std::vector<std::string> events;
  std::vector<std::string> lines;
  std::function<void()> on_tick;
};

TEST_F(FleetRunner, RunsEveryTargetAtMostNAtATimeAndCollectsWhatEachSaid) {
  std::vector<Target> fleet;
  for (const char* name : {"a", "b", "c", "d", "e"}) fleet.push_back(target_named(name));
  RecordingDisplay display;
  const auto outcomes = run_fleet({Wave{"", fleet}}, FleetSettings{script_, {"up", "--force"}, 2, 0}, display);
  ASSERT_EQ(outcomes.size(), 5U);
  for (const auto& outcome : outcomes) {
    EXPECT_EQ(outcome.state, TargetOutcome::State::succeeded) << outcome.target.name << ": " << outcome.last_line;
    EXPECT_EQ(outcome.output, "report of " + outcome.target.name + "\n");
    EXPECT_EQ(outcome.report.value("action", ""), "installed");
    EXPECT_EQ(outcome.report.value("args", ""), "up --force --manifest " + outcome.target.manifest_path);
    EXPECT_EQ(outcome.last_line, outcome.target.name + ": planning");
  }
  EXPECT_LE(max_overlap(), 2);
  EXPECT_EQ(max_overlap(), 2) << "two at once, not one after another";
  EXPECT_EQ(fleet_exit_code(outcomes), 0);
  EXPECT_EQ(std::count(display.lines.begin(), display.lines.end(), "c| c: planning"), 1);
}

TEST_F(FleetRunner, AFailureDoesNotStopTheOthersUnlessMaxFailuresSaysSo) {
  const std::vector<Target> fleet = {target_named("fail1"), target_named("a"), target_named("b")};
  RecordingDisplay display;
  auto outcomes = run_fleet({Wave{"", fleet}}, FleetSettings{script_, {"up"}, 1, 0}, display);
  ASSERT_EQ(outcomes.size(), 3U);
  EXPECT_EQ(outcomes[0].state, TargetOutcome::State::failed);
  EXPECT_EQ(outcomes[0].last_line, "fail1: error: it broke");
  EXPECT_TRUE(outcomes[0].report.is_null());
  EXPECT_EQ(outcomes[2].state, TargetOutcome::State::succeeded);
  EXPECT_EQ(fleet_exit_code(outcomes), 1);

  outcomes = run_fleet({Wave{"", fleet}}, FleetSettings{script_, {"up"}, 1, 1}, display);
  ASSERT_EQ(outcomes.size(), 3U);
  EXPECT_EQ(outcomes[1].state, TargetOutcome::State::skipped);
  EXPECT_EQ(outcomes[1].skipped_because, "--max-failures 1 reached");
  EXPECT_EQ(outcomes[2].state, TargetOutcome::State::skipped);
}

TEST_F(FleetRunner, AFailedWaveStopsTheNextOne) {
  RecordingDisplay display;
  const auto outcomes = run_fleet({Wave{"env=dev", {target_named("fail-dev"), target_named("ok-dev")}},
                                   Wave{"env=prod", {target_named("prod")}}},
                                  FleetSettings{script_, {"up"}, 4, 0}, display);
  ASSERT_EQ(outcomes.size(), 3U);
  const auto prod = std::find_if(outcomes.begin(), outcomes.end(), [](auto& o) { return o.target.name == "prod"; });
  ASSERT_NE(prod, outcomes.end());
  EXPECT_EQ(prod->state, TargetOutcome::State::skipped);
  EXPECT_EQ(prod->skipped_because, "wave env=dev had a failure");
  for (const auto& line : log_lines()) EXPECT_EQ(line.find("start prod"), std::string::npos);
}

TEST_F(FleetRunner, AnInterruptReachesEveryRunningTargetAndStartsNoMore) {
  core::install_interrupt_handlers(core::OnInterrupt::unwind);
  RecordingDisplay display;
  bool raised = false;
  display.on_tick = [&] {
    // Once both have started (and set their trap, the line after it).
    int started = 0;
    for (const auto& line : log_lines()) started += line.starts_with("start slow") ? 1 : 0;
    if (started == 2 && !raised) {
      raised = true;
      ::raise(SIGTERM);
    }
  };
  const auto outcomes = run_fleet({Wave{"", {target_named("slow1"), target_named("slow2"), target_named("never")}}},
                                  FleetSettings{script_, {"up"}, 2, 0}, display);
  core::reset_interrupt_for_tests();
  ASSERT_EQ(outcomes.size(), 3U);
  int stopped = 0;
  for (const auto& line : log_lines()) stopped += line.starts_with("stopped slow") ? 1 : 0;
  EXPECT_EQ(stopped, 2) << "each running target got the signal";
  for (const auto& outcome : outcomes) {
    if (outcome.target.name == "never") {
      EXPECT_EQ(outcome.state, TargetOutcome::State::skipped);
    } else {
      EXPECT_EQ(outcome.exit_code, 130) << outcome.target.name;
    }
  }
  EXPECT_EQ(fleet_exit_code(outcomes), 130);
  std::signal(SIGTERM, SIG_DFL);
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGHUP, SIG_DFL);
}

}  // namespace
}  // namespace altinity_deploy::fleet
