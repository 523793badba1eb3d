// The progress reporter: pod facts from canned lists, its formatting, its
// throttling under a clock the test moves, and the status line's bytes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "altinity_deploy/actions/progress.hpp"
#include "altinity_deploy/core/log.hpp"
#include "support/recording_runner.hpp"

namespace altinity_deploy::actions {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using json = nlohmann::json;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

json pod(const std::string& name, bool ready, json containers = json::array(), json extra_conditions = json::array()) {
  json conditions = extra_conditions;
  conditions.push_back({{"type", "Ready"}, {"status", ready ? "True" : "False"}});
  return {{"kind", "Pod"},
          {"metadata", {{"name", name}, {"uid", "uid-" + name}}},
          {"status", {{"conditions", conditions}, {"containerStatuses", containers}}}};
}

json waiting(const std::string& container, const std::string& reason, const std::string& message) {
  return {{"name", container}, {"state", {{"waiting", {{"reason", reason}, {"message", message}}}}}};
}

json list(std::vector<json> items) { return {{"kind", "List"}, {"items", items}}; }

const json kWaitingList = list({pod("op-1", true), pod("op-2", false, json::array({waiting(
                                                         "operator", "ContainerCreating", "")}))});

TEST(PodProgress, CountsReadyPodsAndNamesWhatWaits) {
  const PodProgress progress = pod_progress(tools::parse_workloads(kWaitingList));
  EXPECT_EQ(progress.ready, 1);
  EXPECT_EQ(progress.total, 2);
  EXPECT_EQ(progress.waiting, "ContainerCreating (pod op-2 container operator)");
}

TEST(PodProgress, LeavesOutPodsBeingDeletedAndReportsUnschedulablePods) {
  json gone = pod("old", true);
  gone["metadata"]["deletionTimestamp"] = "2026-11-27T10:00:00Z";
  const json unschedulable = pod("op-3", false, json::array(),
                                 json::array({{{"type", "PodScheduled"},
                                               {"status", "False"},
                                               {"reason", "Unschedulable"},
                                               {"message", "0/1 nodes are available"}}}));
  const PodProgress progress = pod_progress(tools::parse_workloads(list({gone, unschedulable})));
  EXPECT_EQ(progress.ready, 0);
  EXPECT_EQ(progress.total, 1);
  EXPECT_EQ(progress.waiting, "Unschedulable (pod op-3): 0/1 nodes are available");
}

TEST(PodProgress, NothingWaitingWhenAllAreReady) {
  EXPECT_EQ(pod_progress(tools::parse_workloads(list({pod("a", true)}))).waiting, "");
  EXPECT_EQ(pod_progress(tools::parse_workloads(json::object())).total, 0);
}

TEST(FormatProgress, ElapsedPodsAndTheWaitingReason) {
  EXPECT_EQ(format_progress(12s, {0, 1, "pod p container c: ImagePullBackOff: Back-off pulling image \"x\""}),
            "12s, pods ready 0/1, pod p container c: ImagePullBackOff: Back-off pulling image \"x\"");
  EXPECT_EQ(format_progress(65s + 400ms, {2, 2, ""}), "1m05s, pods ready 2/2");
}

TEST(FormatProgress, RedactsCutsAndKeepsToOneLine) {
  const std::string text =
      format_progress(3s, {0, 1, "pod p: Failed: pull https://bob:hunter2@registry.example/x\nsecond line"});
  EXPECT_THAT(text, Not(HasSubstr("hunter2")));
  EXPECT_THAT(text, Not(HasSubstr("\n")));
  EXPECT_THAT(text, Not(HasSubstr("second line")));
  EXPECT_LE(format_progress(3s, {0, 1, std::string(1000, 'x')}).size(), 200u);
}

class Reporter : public ::testing::Test {
 protected:
  ProgressReporter make(ProgressReporter::Mode mode) {
    return ProgressReporter(
        mode, [this] { return clock; }, [this](const std::string& line) { shown.push_back(line); },
        [this](const std::string& line) { printed.push_back(line); });
  }
  void at(std::chrono::seconds elapsed, ProgressReporter& reporter) {
    clock = Clock::time_point{} + elapsed;
    reporter.update(tools::parse_workloads(kWaitingList));
  }

  Clock::time_point clock{};
  std::vector<std::string> shown;
  std::vector<std::string> printed;
};

TEST_F(Reporter, PlainLinesFromTenSecondsOnAtMostEveryTenSeconds) {
  auto reporter = make(ProgressReporter::Mode::plain_lines);
  for (auto s : {2s, 4s, 8s, 10s, 12s, 18s, 20s, 22s, 31s}) at(s, reporter);
  EXPECT_THAT(printed, ElementsAre(HasSubstr("waiting for the rollout: 10s, pods ready 1/2, ContainerCreating"),
                                   "waiting for the rollout: 20s, pods ready 1/2, ContainerCreating (pod op-2 "
                                   "container operator)",
                                   HasSubstr(": 31s,")));
  reporter.finish();
  EXPECT_TRUE(shown.empty());
}

TEST_F(Reporter, StatusLineOnEveryListThenClearedOnce) {
  {
    auto reporter = make(ProgressReporter::Mode::status_line);
    at(2s, reporter);
    at(4s, reporter);
    reporter.finish();
  }  // the destructor does not clear again
  EXPECT_THAT(shown, ElementsAre(HasSubstr("waiting for the rollout: 2s, pods ready 1/2"),
                                 HasSubstr("waiting for the rollout: 4s, pods ready 1/2"), ""));
  EXPECT_TRUE(printed.empty());
}

TEST_F(Reporter, OffShowsNothingAndAsksForNoPodLists) {
  auto reporter = make(ProgressReporter::Mode::off);
  EXPECT_FALSE(reporter.callback());
  at(30s, reporter);
  EXPECT_TRUE(shown.empty());
  EXPECT_TRUE(printed.empty());
}

TEST(ReporterMode, FollowsTheLogSettings) {
  log::configure({.quiet = true, .status_line = true});
  EXPECT_EQ(ProgressReporter::mode_for_terminal(), ProgressReporter::Mode::off);
  log::configure({.status_line = true});
  EXPECT_EQ(ProgressReporter::mode_for_terminal(), ProgressReporter::Mode::status_line);
  log::configure({});
  EXPECT_EQ(ProgressReporter::mode_for_terminal(), ProgressReporter::Mode::plain_lines);
}

// With fail-fast off the watcher still lists the pods for the reporter, and
// never stops helm.
TEST(WatcherFeedsProgress, ListsPodsForTheReporterWithFailFastOff) {
  exec::RecordingRunner runner;
  tools::KubectlClient kubectl(runner, "kubectl", {}, {"ops", "ns"});
  const json stuck = list({pod("p", false, json::array({waiting("c", "ImagePullBackOff", "Back-off")}))});
  std::vector<tools::Workloads> seen;
  Clock::time_point clock{};
  auto watcher = fail_fast_watcher(kubectl, 0s, [&] { return clock; },
                                   [&](const tools::Workloads& pods) { seen.push_back(pods); });
  for (int i = 0; i < 3; ++i) {
    runner.on({"kubectl", "get"}).reply(0, stuck.dump()).once();
    EXPECT_EQ(watcher(), std::nullopt);
    clock += 60s;
  }
  ASSERT_EQ(seen.size(), 3u);
  ASSERT_EQ(seen[0].pods.size(), 1u);
  EXPECT_EQ(seen[0].pods[0].containers.at(0).waiting_reason, "ImagePullBackOff");
}

TEST(WatcherFeedsProgress, NoReporterAndFailFastOffRunsNoKubectl) {
  exec::RecordingRunner runner;
  tools::KubectlClient kubectl(runner, "kubectl", {}, {"ops", "ns"});
  auto watcher = fail_fast_watcher(kubectl, 0s);
  EXPECT_EQ(watcher(), std::nullopt);
  EXPECT_TRUE(runner.calls().empty());
}

}  // namespace
}  // namespace altinity_deploy::actions

namespace altinity_deploy::log {
namespace {

TEST(StatusLine, ALogLineClearsItAndItComesBackBelow) {
  configure({.status_line = true});
  ::testing::internal::CaptureStderr();
  show_status(core::escaped("waiting: 2s"));
  info("creating namespace '{}'", "ns");
  clear_status();
  info("done");
  const std::string out = ::testing::internal::GetCapturedStderr();
  configure({});
  EXPECT_EQ(out,
            "\r\033[Kwaiting: 2s"
            "\r\033[Kcreating namespace 'ns'\n"
            "waiting: 2s"
            "\r\033[K"
            "done\n");
}

TEST(StatusLine, NothingOffATerminalOrUnderQuiet) {
  for (const Settings& settings : {Settings{}, Settings{.quiet = true, .status_line = true}}) {
    configure(settings);
    ::testing::internal::CaptureStderr();
    show_status(core::escaped("waiting: 2s"));
    clear_status();
    EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
  }
  configure({});
}

}  // namespace
}  // namespace altinity_deploy::log
