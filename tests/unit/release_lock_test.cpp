// The release lock against a scripted kubectl (RecordingRunner), and once
// against a fake kubectl script through the real ProcessRunner to show that
// the renewer thread and an interrupt do not get in each other's way.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "altinity_deploy/actions/release_lock.hpp"
#include "altinity_deploy/core/interrupt.hpp"
#include "altinity_deploy/exec/process_runner.hpp"
#include "support/recording_runner.hpp"
#include "support/scoped_interrupt_handlers.hpp"

namespace altinity_deploy::actions {
namespace {

using ::testing::HasSubstr;
using json = nlohmann::json;
using namespace std::chrono_literals;

WallClock::time_point at(const std::string& text) {
  auto parsed = parse_kube_time(text);
  EXPECT_TRUE(parsed.has_value()) << text;
  return parsed.value_or(WallClock::time_point{});
}

std::string lease(const std::string& holder, const std::string& renewed, const std::string& rv = "41",
                  int duration = 30, const std::string& acquired = "2026-11-25T20:50:00.000000Z", int transitions = 2) {
  json spec = {{"leaseDurationSeconds", duration}, {"acquireTime", acquired}, {"renewTime", renewed},
               {"leaseTransitions", transitions}};
  if (!holder.empty()) spec["holderIdentity"] = holder;
  return json{{"apiVersion", "coordination.k8s.io/v1"},
              {"kind", "Lease"},
              {"metadata", {{"name", "altinity-deploy-ops"}, {"namespace", "ns"}, {"resourceVersion", rv}}},
              {"spec", spec}}
      .dump();
}

const char* kAlreadyExists =
    "Error from server (AlreadyExists): error when creating \"STDIN\": leases.coordination.k8s.io "
    "\"altinity-deploy-ops\" already exists";
const char* kConflict =
    "Error from server (Conflict): error when replacing \"STDIN\": Operation cannot be fulfilled on "
    "leases.coordination.k8s.io \"altinity-deploy-ops\": the object has been modified; please apply your changes "
    "to the latest version and try again";

const std::vector<std::string> kCreate = {"kubectl", "create", "--filename", "-", "--output", "json",
                                          "--request-timeout=10s"};
const std::vector<std::string> kGet = {"kubectl", "get", "leases.coordination.k8s.io", "altinity-deploy-ops",
                                       "--namespace", "ns", "--ignore-not-found", "--output", "json",
                                       "--request-timeout=10s"};
const std::vector<std::string> kReplace = {"kubectl", "replace", "--filename", "-", "--output", "json",
                                           "--request-timeout=10s"};
const std::vector<std::string> kDelete = {
    "kubectl", "delete", "--raw", "/apis/coordination.k8s.io/v1/namespaces/ns/leases/altinity-deploy-ops",
    "--filename", "-", "--request-timeout=10s"};

class ReleaseLockTest : public ::testing::Test {
 protected:
  // The lock's release (at the end of every test that takes it) succeeds
  // unless a test says otherwise.
  ReleaseLockTest() : kubectl(runner, "kubectl", {}, {"ops", "ns"}) {
    runner.fallback({"kubectl", "delete", "--raw"}).reply(0);
  }

  LockOptions options(std::chrono::seconds wait = 0s) {
    LockOptions o;
    o.wait = wait;
    o.identity = "me/42/2026-11-25T21:00:00Z";
    o.renew = false;
    o.now = [this] { return clock; };
    o.sleep = [this](std::chrono::milliseconds d) {
      sleeps.push_back(d);
      clock += d;
    };
    return o;
  }

  std::vector<exec::Command> calls_of(const std::vector<std::string>& argv) const {
    std::vector<exec::Command> found;
    for (const auto& call : runner.calls()) {
      if (call.argv == argv) found.push_back(call);
    }
    return found;
  }

  exec::RecordingRunner runner;
  tools::KubectlClient kubectl;
  WallClock::time_point clock = at("2026-11-25T21:00:00Z");
  std::vector<std::chrono::milliseconds> sleeps;
};

TEST(MicroTime, FormatsWithMicrosecondsInUtc) {
  const auto t = WallClock::from_time_t(1795640400) + 123456us;  // 2026-11-25T21:00:00Z
  EXPECT_EQ(format_micro_time(t), "2026-11-25T21:00:00.123456Z");
  EXPECT_EQ(format_micro_time(WallClock::from_time_t(1795640400)), "2026-11-25T21:00:00.000000Z");
}

TEST(MicroTime, ParsesMicroTimeRfc3339AndOffsets) {
  const auto base = WallClock::from_time_t(1795640400);
  EXPECT_EQ(parse_kube_time("2026-11-25T21:00:00.000000Z"), base);
  EXPECT_EQ(parse_kube_time("2026-11-25T21:00:00Z"), base);
  EXPECT_EQ(parse_kube_time("2026-11-25T21:00:00.5Z"), base + 500ms);
  EXPECT_EQ(parse_kube_time("2026-11-25T22:30:00+01:30"), base);
  EXPECT_EQ(parse_kube_time("2026-11-25T20:00:00-01:00"), base);
  EXPECT_EQ(parse_kube_time(format_micro_time(base + 7us)), base + 7us);
}

TEST(MicroTime, RejectsWhatIsNotATime) {
  for (const char* text : {"", "2026-11-25", "2026-11-25T21:00:00", "2026-11-25T21:00:00.Z", "2026-11-25 21:00:00Z",
                           "2026-11-25T21:00:00Zjunk", "yesterday"}) {
    EXPECT_FALSE(parse_kube_time(text).has_value()) << text;
  }
}

TEST(LockIdentity, IsHostPidAndStartTime) {
  const std::string identity = default_lock_identity();
  EXPECT_EQ(identity, default_lock_identity());  // stable for the whole process
  EXPECT_THAT(identity, HasSubstr(fmt::format("/{}/", getpid())));
  const auto start = identity.substr(identity.rfind('/') + 1);
  EXPECT_TRUE(parse_kube_time(start).has_value()) << identity;
  EXPECT_EQ(lease_name("ops"), "altinity-deploy-ops");
}

TEST_F(ReleaseLockTest, TakesAFreeLockWithCreate) {
  runner.on({"kubectl", "create"}).reply(0, lease("me/42/2026-11-25T21:00:00Z", "2026-11-25T21:00:00.000000Z", "7"));
  auto lock = ReleaseLock::acquire(kubectl, options());
  ASSERT_TRUE(lock.has_value()) << lock.error().message;
  ASSERT_EQ(runner.commands().size(), 1u);
  const auto call = runner.calls()[0];
  EXPECT_EQ(call.argv, kCreate);
  const auto body = json::parse(call.stdin_data);
  EXPECT_EQ(body["apiVersion"], "coordination.k8s.io/v1");
  EXPECT_EQ(body["kind"], "Lease");
  EXPECT_EQ(body["metadata"]["name"], "altinity-deploy-ops");
  EXPECT_EQ(body["metadata"]["namespace"], "ns");
  EXPECT_FALSE(body["metadata"].contains("resourceVersion"));
  EXPECT_EQ(body["spec"]["holderIdentity"], "me/42/2026-11-25T21:00:00Z");
  EXPECT_EQ(body["spec"]["leaseDurationSeconds"], 30);
  EXPECT_EQ(body["spec"]["acquireTime"], "2026-11-25T21:00:00.000000Z");
  EXPECT_EQ(body["spec"]["renewTime"], "2026-11-25T21:00:00.000000Z");
  EXPECT_TRUE(sleeps.empty());

  (*lock)->release();
  const auto deletes = calls_of(kDelete);
  ASSERT_EQ(deletes.size(), 1u);
  EXPECT_EQ(json::parse(deletes[0].stdin_data)["preconditions"]["resourceVersion"], "7");
  (*lock)->release();  // idempotent
  EXPECT_EQ(calls_of(kDelete).size(), 1u);
}

TEST_F(ReleaseLockTest, ALiveHolderLocksUsOutWithExitCode5) {
  runner.on({"kubectl", "create"}).reply(1, "", kAlreadyExists);
  runner.on({"kubectl", "get"}).reply(0, lease("ci/77/2026-11-25T20:50:00Z", "2026-11-25T20:59:55.000000Z"));
  auto lock = ReleaseLock::acquire(kubectl, options());
  ASSERT_FALSE(lock.has_value());
  EXPECT_EQ(lock.error().code, ExitCode::locked);
  EXPECT_EQ(lock.error().message,
            "release 'ops' is locked by ci/77/2026-11-25T20:50:00Z since 2026-11-25T20:50:00Z (expires in 25 s)");
  EXPECT_THAT(lock.error().hint, HasSubstr("--lock-timeout"));
  EXPECT_THAT(lock.error().hint, HasSubstr("expires by itself"));
  EXPECT_EQ(runner.count({"kubectl", "replace"}), 0);
  EXPECT_EQ(runner.count({"kubectl", "delete"}), 0);
  EXPECT_TRUE(sleeps.empty());
}

TEST_F(ReleaseLockTest, TakesOverAnExpiredLockWithReplaceCarryingTheReadResourceVersion) {
  runner.on({"kubectl", "create"}).reply(1, "", kAlreadyExists);
  runner.on({"kubectl", "get"}).reply(0, lease("dead/1/2026-11-25T20:00:00Z", "2026-11-25T20:59:29.000000Z", "41"));
  runner.on({"kubectl", "replace"}).reply(0, lease("me/42/2026-11-25T21:00:00Z", "2026-11-25T21:00:00.000000Z", "42"));
  auto lock = ReleaseLock::acquire(kubectl, options());
  ASSERT_TRUE(lock.has_value()) << lock.error().message;
  const auto replaces = calls_of(kReplace);
  ASSERT_EQ(replaces.size(), 1u);
  const auto body = json::parse(replaces[0].stdin_data);
  EXPECT_EQ(body["metadata"]["resourceVersion"], "41");
  EXPECT_EQ(body["spec"]["holderIdentity"], "me/42/2026-11-25T21:00:00Z");
  EXPECT_EQ(body["spec"]["leaseTransitions"], 3);
  EXPECT_EQ(body["spec"]["acquireTime"], "2026-11-25T21:00:00.000000Z");
  (*lock)->release();
  ASSERT_EQ(calls_of(kDelete).size(), 1u);
  EXPECT_EQ(json::parse(calls_of(kDelete)[0].stdin_data)["preconditions"]["resourceVersion"], "42");
}

TEST_F(ReleaseLockTest, ALeaseWithoutHolderIsFree) {
  runner.on({"kubectl", "create"}).reply(1, "", kAlreadyExists);
  runner.on({"kubectl", "get"}).reply(0, lease("", "2026-11-25T20:59:59.000000Z"));
  runner.on({"kubectl", "replace"}).reply(0, lease("me", "2026-11-25T21:00:00.000000Z", "42"));
  EXPECT_TRUE(ReleaseLock::acquire(kubectl, options()).has_value());
}

TEST_F(ReleaseLockTest, LosingTheTakeOverRaceMeansTheOtherRunHoldsIt) {
  runner.on({"kubectl", "create"}).reply(1, "", kAlreadyExists);
  runner.on({"kubectl", "get"}).reply(0, lease("dead/1/x", "2026-11-25T20:59:00.000000Z", "41")).once();
  runner.on({"kubectl", "replace"}).reply(1, "", kConflict);
  runner.on({"kubectl", "get"})
      .reply(0, lease("winner/9/2026-11-25T21:00:00Z", "2026-11-25T21:00:00.000000Z", "42", 30,
                      "2026-11-25T21:00:00.000000Z"));
  auto lock = ReleaseLock::acquire(kubectl, options());
  ASSERT_FALSE(lock.has_value());
  EXPECT_EQ(lock.error().code, ExitCode::locked);
  EXPECT_THAT(lock.error().message, HasSubstr("locked by winner/9/2026-11-25T21:00:00Z"));
  EXPECT_THAT(lock.error().message, HasSubstr("expires in 30 s"));
  EXPECT_EQ(runner.count({"kubectl", "replace"}), 1);
  EXPECT_EQ(runner.count({"kubectl", "create"}), 1);
}

TEST_F(ReleaseLockTest, WaitsPollingUntilTheHolderReleases) {
  runner.on({"kubectl", "create"}).reply(1, "", kAlreadyExists).once();
  runner.on({"kubectl", "get"}).reply(0, lease("ci/77/x", "2026-11-25T20:59:55.000000Z")).times(3);
  runner.on({"kubectl", "get"}).reply(0, "");  // released
  runner.on({"kubectl", "create"}).reply(0, lease("me", "2026-11-25T21:00:03.000000Z", "50"));
  auto lock = ReleaseLock::acquire(kubectl, options(60s));
  ASSERT_TRUE(lock.has_value()) << lock.error().message;
  EXPECT_EQ(sleeps, (std::vector<std::chrono::milliseconds>{1000ms, 1000ms, 1000ms}));
  EXPECT_EQ(runner.count({"kubectl", "create"}), 2);
  const auto creates = calls_of(kCreate);
  EXPECT_EQ(json::parse(creates.back().stdin_data)["spec"]["acquireTime"], "2026-11-25T21:00:03.000000Z");
}

TEST_F(ReleaseLockTest, WaitingTakesOverOnceTheHolderStopsRenewing) {
  runner.on({"kubectl", "create"}).reply(1, "", kAlreadyExists);
  // Last renewed at 20:59:40: expires at 21:00:10, so the 11th look finds it expired.
  runner.on({"kubectl", "get"}).reply(0, lease("dead/1/x", "2026-11-25T20:59:40.000000Z", "41"));
  runner.on({"kubectl", "replace"}).reply(0, lease("me", "2026-11-25T21:00:11.000000Z", "42"));
  auto lock = ReleaseLock::acquire(kubectl, options(300s));
  ASSERT_TRUE(lock.has_value()) << lock.error().message;
  EXPECT_EQ(sleeps.size(), 11u);
  EXPECT_EQ(runner.count({"kubectl", "replace"}), 1);
}

TEST_F(ReleaseLockTest, GivesUpWhenTheWaitIsOver) {
  runner.on({"kubectl", "create"}).reply(1, "", kAlreadyExists);
  runner.on({"kubectl", "get"}).answer([this](const exec::Command&) -> Result<exec::CommandResult> {
    exec::CommandResult result;
    result.exit_code = 0;
    result.out = lease("ci/77/x", format_micro_time(clock));  // renewed all the time
    return result;
  });
  auto lock = ReleaseLock::acquire(kubectl, options(3s));
  ASSERT_FALSE(lock.has_value());
  EXPECT_EQ(lock.error().code, ExitCode::locked);
  EXPECT_THAT(lock.error().message, HasSubstr("waited 3 s"));
  EXPECT_EQ(sleeps.size(), 3u);
  EXPECT_EQ(runner.count({"kubectl", "create"}), 1);  // then only reads
}

// A first install: the namespace and the Lease in one `kubectl create`.
const std::vector<std::string> kCreateWithNamespace = {"kubectl", "create", "--filename", "-", "--output", "json",
                                                       "--request-timeout=30s"};
const char* kNamespaceExists =
    "Error from server (AlreadyExists): error when creating \"STDIN\": namespaces \"ns\" already exists";
const std::string kNamespaceCreated =
    json{{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", "ns"}}}}.dump(4) + "\n";

LockOptions creating_namespace(LockOptions options) {
  options.create_namespace = std::map<std::string, std::string>{{"app.kubernetes.io/managed-by", "altinity-deploy"}};
  return options;
}

TEST_F(ReleaseLockTest, AFirstInstallCreatesTheNamespaceAndTheLeaseInOneCall) {
  runner.on(kCreateWithNamespace)
      .reply(0, kNamespaceCreated + lease("me/42/2026-11-25T21:00:00Z", "2026-11-25T21:00:00.000000Z", "9"));
  auto lock = ReleaseLock::acquire(kubectl, creating_namespace(options()));
  ASSERT_TRUE(lock.has_value()) << lock.error().message;
  ASSERT_EQ(runner.commands().size(), 1u);
  const auto body = json::parse(runner.calls()[0].stdin_data);
  EXPECT_EQ(runner.calls()[0].timeout, std::chrono::milliseconds(60s)) << "past kubectl's own 30 s";
  EXPECT_EQ(body["kind"], "List");
  ASSERT_EQ(body["items"].size(), 2u);
  EXPECT_EQ(body["items"][0]["kind"], "Namespace");  // first: the Lease lives in it
  EXPECT_EQ(body["items"][0]["metadata"]["name"], "ns");
  EXPECT_EQ(body["items"][0]["metadata"]["labels"]["app.kubernetes.io/managed-by"], "altinity-deploy");
  EXPECT_EQ(body["items"][1]["kind"], "Lease");
  EXPECT_EQ(body["items"][1]["spec"]["holderIdentity"], "me/42/2026-11-25T21:00:00Z");
  EXPECT_EQ((*lock)->namespace_answer(), tools::NamespacedLeaseWrite::Namespace::created);
  EXPECT_TRUE((*lock)->uncontended());
  (*lock)->release();
  const auto deletes = calls_of(kDelete);
  ASSERT_EQ(deletes.size(), 1u);
  EXPECT_EQ(json::parse(deletes[0].stdin_data)["preconditions"]["resourceVersion"], "9");
}

TEST_F(ReleaseLockTest, ANamespaceMadeMeanwhileIsSaidAndTheLeaseStillTaken) {
  runner.on(kCreateWithNamespace)
      .reply(1, lease("me/42/2026-11-25T21:00:00Z", "2026-11-25T21:00:00.000000Z", "9"), kNamespaceExists);
  auto lock = ReleaseLock::acquire(kubectl, creating_namespace(options()));
  ASSERT_TRUE(lock.has_value()) << lock.error().message;
  EXPECT_EQ(runner.commands().size(), 1u);
  EXPECT_EQ((*lock)->namespace_answer(), tools::NamespacedLeaseWrite::Namespace::already_existed);
}

TEST_F(ReleaseLockTest, ANamespaceAndLockMadeMeanwhileMeanWaitingForTheOtherRun) {
  runner.on(kCreateWithNamespace).reply(1, "", std::string(kNamespaceExists) + "\n" + kAlreadyExists);
  runner.on({"kubectl", "get"}).reply(0, lease("ci/77/2026-11-25T20:50:00Z", "2026-11-25T20:59:55.000000Z"));
  auto lock = ReleaseLock::acquire(kubectl, creating_namespace(options()));
  ASSERT_FALSE(lock.has_value());
  EXPECT_EQ(lock.error().code, ExitCode::locked);
  EXPECT_EQ(runner.count({"kubectl", "create"}), 1);  // the Lease's AlreadyExists counted: no second create
}

TEST_F(ReleaseLockTest, ALeaseRefusedForAnotherReasonIsCreatedAgainToSayWhy) {
  runner.on(kCreateWithNamespace)
      .reply(1, kNamespaceCreated, "Error from server (Forbidden): leases.coordination.k8s.io is forbidden");
  runner.on(kCreate).reply(
      1, "", "Error from server (Forbidden): leases.coordination.k8s.io is forbidden: User \"ci\" cannot create");
  auto lock = ReleaseLock::acquire(kubectl, creating_namespace(options()));
  ASSERT_FALSE(lock.has_value());
  EXPECT_THAT(lock.error().message, HasSubstr("taking the lock of release 'ops'"));
  EXPECT_THAT(lock.error().message, HasSubstr("cannot create"));
  EXPECT_EQ(calls_of(kCreate).size(), 1u);
}

TEST_F(ReleaseLockTest, ANamespaceThatCannotBeCreatedIsTheError) {
  runner.on(kCreateWithNamespace)
      .reply(1, "", "Error from server (Forbidden): namespaces is forbidden: User \"ci\" cannot create namespaces");
  auto lock = ReleaseLock::acquire(kubectl, creating_namespace(options()));
  ASSERT_FALSE(lock.has_value());
  EXPECT_THAT(lock.error().message, HasSubstr("creating namespace 'ns'"));
  EXPECT_THAT(lock.error().message, HasSubstr("cannot create namespaces"));
  EXPECT_EQ(runner.commands().size(), 1u);
}

TEST_F(ReleaseLockTest, ALeaseCreatedInANamespaceWeMayNotCreateIsStillHeld) {
  // The namespace appeared meanwhile and this account may not create
  // namespaces: Forbidden for it, the Lease created in it all the same.
  runner.on(kCreateWithNamespace)
      .reply(1, lease("me/42/2026-11-25T21:00:00Z", "2026-11-25T21:00:00.000000Z", "9"),
             "Error from server (Forbidden): error when creating \"STDIN\": namespaces is forbidden");
  auto lock = ReleaseLock::acquire(kubectl, creating_namespace(options()));
  ASSERT_TRUE(lock.has_value()) << lock.error().message;
  EXPECT_EQ((*lock)->namespace_answer(), tools::NamespacedLeaseWrite::Namespace::already_existed);
  (*lock)->release();
  EXPECT_EQ(calls_of(kDelete).size(), 1u) << "given back, not left behind";
}

TEST_F(ReleaseLockTest, OurOwnLeaseFoundAfterAStoppedCreateIsHeld) {
  // kubectl was stopped after the server had created both: the Lease's
  // answer was lost, and the next create finds it.
  exec::CommandResult stopped;
  stopped.exit_code = 143;
  stopped.timed_out = true;
  stopped.out = kNamespaceCreated;
  runner.on(kCreateWithNamespace).reply(stopped);
  runner.on(kCreate).reply(1, "", kAlreadyExists);
  runner.on({"kubectl", "get"}).reply(0, lease("me/42/2026-11-25T21:00:00Z", "2026-11-25T21:00:00.000000Z", "12"));
  auto lock = ReleaseLock::acquire(kubectl, creating_namespace(options()));
  ASSERT_TRUE(lock.has_value()) << lock.error().message;
  EXPECT_FALSE((*lock)->uncontended());
  EXPECT_TRUE(sleeps.empty()) << "it did not wait for itself";
  (*lock)->release();
  const auto deletes = calls_of(kDelete);
  ASSERT_EQ(deletes.size(), 1u);
  EXPECT_EQ(json::parse(deletes[0].stdin_data)["preconditions"]["resourceVersion"], "12");
}

TEST_F(ReleaseLockTest, OtherCreateFailuresAreErrorsNotLocks) {
  runner.on({"kubectl", "create"})
      .reply(1, "", "Error from server (Forbidden): leases.coordination.k8s.io is forbidden: User \"ci\" cannot create");
  auto lock = ReleaseLock::acquire(kubectl, options());
  ASSERT_FALSE(lock.has_value());
  EXPECT_EQ(lock.error().code, ExitCode::failed);
  EXPECT_THAT(lock.error().message, HasSubstr("taking the lock of release 'ops'"));
  EXPECT_THAT(lock.error().message, HasSubstr("Forbidden"));
}

TEST_F(ReleaseLockTest, ReleaseLeavesALeaseSomeoneElseTookOver) {
  runner.on({"kubectl", "create"}).reply(0, lease("me", "2026-11-25T21:00:00.000000Z", "7"));
  runner.on({"kubectl", "delete"})
      .reply(1, "", "Error from server (Conflict): Operation cannot be fulfilled on leases.coordination.k8s.io "
                    "\"altinity-deploy-ops\": Precondition failed: ResourceVersion in precondition: 7, "
                    "ResourceVersion in object meta: 9");
  runner.on({"kubectl", "get"}).reply(0, lease("other/1/x", "2026-11-25T21:00:40.000000Z", "9"));
  auto lock = ReleaseLock::acquire(kubectl, options());
  ASSERT_TRUE(lock.has_value());
  (*lock)->release();
  EXPECT_EQ(runner.count({"kubectl", "delete"}), 1);
}

TEST_F(ReleaseLockTest, ReleaseRetriesWithTheCurrentVersionWhenTheLeaseIsStillOurs) {
  auto o = options();
  runner.on({"kubectl", "create"}).reply(0, lease(o.identity, "2026-11-25T21:00:00.000000Z", "7"));
  runner.on({"kubectl", "delete"}).reply(1, "", "Error from server (Conflict): Precondition failed").once();
  runner.on({"kubectl", "get"}).reply(0, lease(o.identity, "2026-11-25T21:00:10.000000Z", "8"));
  auto lock = ReleaseLock::acquire(kubectl, o);
  ASSERT_TRUE(lock.has_value());
  (*lock)->release();
  const auto deletes = calls_of(kDelete);
  ASSERT_EQ(deletes.size(), 2u);
  EXPECT_EQ(json::parse(deletes[1].stdin_data)["preconditions"]["resourceVersion"], "8");
}

TEST_F(ReleaseLockTest, ReleaseOfAGoneLeaseIsQuiet) {
  runner.on({"kubectl", "create"}).reply(0, lease("me", "2026-11-25T21:00:00.000000Z", "7"));
  runner.on({"kubectl", "delete"})
      .reply(1, "", "Error from server (NotFound): leases.coordination.k8s.io \"altinity-deploy-ops\" not found");
  auto lock = ReleaseLock::acquire(kubectl, options());
  ASSERT_TRUE(lock.has_value());
  (*lock)->release();
  EXPECT_EQ(runner.count({"kubectl", "get"}), 0);
}

TEST_F(ReleaseLockTest, AbandonDeletesNothing) {
  runner.on({"kubectl", "create"}).reply(0, lease("me", "2026-11-25T21:00:00.000000Z", "7"));
  auto lock = ReleaseLock::acquire(kubectl, options());
  ASSERT_TRUE(lock.has_value());
  (*lock)->abandon();
  (*lock)->release();
  lock->reset();
  EXPECT_EQ(runner.count({"kubectl", "delete"}), 0);
}

TEST_F(ReleaseLockTest, TheDestructorReleases) {
  runner.on({"kubectl", "create"}).reply(0, lease("me", "2026-11-25T21:00:00.000000Z", "7"));
  {
    auto lock = ReleaseLock::acquire(kubectl, options());
    ASSERT_TRUE(lock.has_value());
  }
  EXPECT_EQ(runner.count({"kubectl", "delete", "--raw"}), 1);
}

// Waits (really) until `done` holds, at most two seconds.
template <class F>
bool eventually(F done) {
  for (int i = 0; i < 200 && !done(); ++i) std::this_thread::sleep_for(10ms);
  return done();
}

TEST_F(ReleaseLockTest, RenewsInTheBackgroundWithTheLatestResourceVersion) {
  std::atomic<int> version{100};
  runner.on({"kubectl", "create"}).reply(0, lease("me", "2026-11-25T21:00:00.000000Z", "100"));
  runner.on({"kubectl", "replace"}).answer([&](const exec::Command&) -> Result<exec::CommandResult> {
    exec::CommandResult result;
    result.exit_code = 0;
    result.out = lease("me", "2026-11-25T21:00:00.000000Z", std::to_string(++version));
    return result;
  });
  auto o = options();
  o.renew = true;
  o.renew_every = 5ms;
  auto lock = ReleaseLock::acquire(kubectl, o);
  ASSERT_TRUE(lock.has_value());
  ASSERT_TRUE(eventually([&] { return runner.count({"kubectl", "replace"}) >= 3; }));
  (*lock)->release();
  const int renewals = runner.count({"kubectl", "replace"});
  std::this_thread::sleep_for(30ms);
  EXPECT_EQ(runner.count({"kubectl", "replace"}), renewals) << "the renewer stops on release()";

  const auto replaces = calls_of(kReplace);
  for (size_t i = 0; i < replaces.size(); ++i) {
    const auto body = json::parse(replaces[i].stdin_data);
    EXPECT_EQ(body["metadata"]["resourceVersion"], std::to_string(100 + i)) << i;
    EXPECT_EQ(body["spec"]["holderIdentity"], o.identity);
    EXPECT_EQ(body["spec"]["acquireTime"], "2026-11-25T21:00:00.000000Z");
  }
  EXPECT_EQ(json::parse(calls_of(kDelete).at(0).stdin_data)["preconditions"]["resourceVersion"],
            std::to_string(version.load()));
  EXPECT_FALSE((*lock)->lost());
}

TEST_F(ReleaseLockTest, RenewalsKeepGoingAfterAnInterruptedOrFailedOne) {
  runner.on({"kubectl", "create"}).reply(0, lease("me", "2026-11-25T21:00:00.000000Z", "100"));
  exec::CommandResult interrupted;
  interrupted.exit_code = 143;
  interrupted.interrupted = true;
  runner.on({"kubectl", "replace"}).reply(interrupted).once();
  runner.on({"kubectl", "replace"}).reply(1, "", "Unable to connect to the server: EOF").once();
  runner.on({"kubectl", "replace"}).reply(0, lease("me", "2026-11-25T21:00:00.000000Z", "101"));
  auto o = options();
  o.renew = true;
  o.renew_every = 5ms;
  auto lock = ReleaseLock::acquire(kubectl, o);
  ASSERT_TRUE(lock.has_value());
  // Each failure is retried (after at most a second), then renewals go on.
  ASSERT_TRUE(eventually([&] { return runner.count({"kubectl", "replace"}) >= 4; }));
  EXPECT_FALSE((*lock)->lost());
  (*lock)->release();
  EXPECT_EQ(json::parse(calls_of(kDelete).at(0).stdin_data)["preconditions"]["resourceVersion"], "101");
}

TEST_F(ReleaseLockTest, ARenewalConflictWithAnotherHolderLosesTheLock) {
  runner.on({"kubectl", "create"}).reply(0, lease("me", "2026-11-25T21:00:00.000000Z", "100"));
  runner.on({"kubectl", "replace"}).reply(1, "", kConflict);
  runner.on({"kubectl", "get"}).reply(0, lease("thief/5/x", "2026-11-25T21:01:00.000000Z", "120"));
  auto o = options();
  o.renew = true;
  o.renew_every = 5ms;
  auto lock = ReleaseLock::acquire(kubectl, o);
  ASSERT_TRUE(lock.has_value());
  ASSERT_TRUE(eventually([&] { return (*lock)->lost(); }));
  (*lock)->release();
  EXPECT_EQ(runner.count({"kubectl", "delete"}), 0) << "never delete someone else's lock";
  EXPECT_EQ(runner.count({"kubectl", "replace"}), 1);
}

TEST_F(ReleaseLockTest, ARenewalConflictOnOurOwnLeaseRetriesWithItsVersion) {
  auto o = options();
  runner.on({"kubectl", "create"}).reply(0, lease(o.identity, "2026-11-25T21:00:00.000000Z", "100"));
  runner.on({"kubectl", "replace"}).reply(1, "", kConflict).once();
  runner.on({"kubectl", "get"}).reply(0, lease(o.identity, "2026-11-25T21:00:10.000000Z", "105"));
  runner.on({"kubectl", "replace"}).reply(0, lease(o.identity, "2026-11-25T21:00:10.000000Z", "106"));
  o.renew = true;
  o.renew_every = 5ms;
  auto lock = ReleaseLock::acquire(kubectl, o);
  ASSERT_TRUE(lock.has_value());
  ASSERT_TRUE(eventually([&] { return runner.count({"kubectl", "replace"}) >= 2; }));
  (*lock)->release();
  EXPECT_FALSE((*lock)->lost());
  EXPECT_EQ(json::parse(calls_of(kReplace).at(1).stdin_data)["metadata"]["resourceVersion"], "105");
}

// SIGINT/SIGTERM handlers for one test, the previous dispositions put back after.
class WithInterruptHandlers : public ReleaseLockTest {
 protected:
  altinity_deploy::testing::ScopedInterruptHandlers handlers_;
};

TEST_F(WithInterruptHandlers, AnInterruptEndsTheWait) {
  runner.on({"kubectl", "create"}).reply(1, "", kAlreadyExists);
  runner.on({"kubectl", "get"}).reply(0, lease("ci/77/x", "2026-11-25T20:59:59.000000Z"));
  auto o = options(600s);
  o.sleep = [](std::chrono::milliseconds) { raise(SIGINT); };
  auto lock = ReleaseLock::acquire(kubectl, o);
  ASSERT_FALSE(lock.has_value());
  EXPECT_EQ(lock.error().code, ExitCode::interrupted);
}

TEST_F(WithInterruptHandlers, TheDefaultSleepWakesOnAnInterrupt) {
  runner.on({"kubectl", "create"}).reply(1, "", kAlreadyExists);
  runner.on({"kubectl", "get"}).reply(0, lease("ci/77/x", format_micro_time(WallClock::now())));
  LockOptions o;
  o.wait = 600s;
  o.poll_every = 60s;
  o.renew = false;
  std::thread signaller([] {
    std::this_thread::sleep_for(100ms);
    kill(getpid(), SIGTERM);
  });
  const auto started = std::chrono::steady_clock::now();
  auto lock = ReleaseLock::acquire(kubectl, o);
  signaller.join();
  ASSERT_FALSE(lock.has_value());
  EXPECT_EQ(lock.error().code, ExitCode::interrupted);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
}

// The real runner: helm (here `sleep`) runs on the main thread while the
// renewer runs kubectl (a script) on its own; SIGTERM goes to helm; the lock
// is renewed on and released afterwards.
TEST_F(WithInterruptHandlers, WithTheProcessRunnerTheLockOutlivesAnInterruptedHelm) {
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("release-lock-test-{}", getpid());
  std::filesystem::create_directories(dir);
  const auto log = dir / "calls";
  const auto script = dir / "kubectl";
  {
    std::ofstream out(script);
    out << "#!/bin/sh\n"
        << "echo \"$1 $2\" >> '" << log.string() << "'\n"
        << "cat > /dev/null\n"
        << "case \"$1\" in\n"
        << "  create|replace) echo '{\"metadata\":{\"resourceVersion\":\"1\"}}' ;;\n"
        << "  delete) echo '{\"kind\":\"Status\",\"status\":\"Success\"}' ;;\n"
        << "esac\n";
  }
  std::filesystem::permissions(script, std::filesystem::perms::owner_all);

  exec::ProcessRunner process;
  tools::KubectlClient real_kubectl(process, script.string(), {}, {"ops", "ns"});
  LockOptions o;
  o.renew_every = 20ms;
  auto lock = ReleaseLock::acquire(real_kubectl, o);
  ASSERT_TRUE(lock.has_value()) << lock.error().message;

  std::thread signaller([] {
    std::this_thread::sleep_for(400ms);
    kill(getpid(), SIGTERM);
  });
  exec::Command helm;
  helm.argv = {"sleep", "30"};
  auto result = process.run(helm);
  signaller.join();
  ASSERT_TRUE(result.has_value());
  EXPECT_TRUE(result->interrupted);
  EXPECT_EQ(result->exit_code, 128 + SIGTERM);

  const auto count_renewals = [&] {
    std::ifstream in(log);
    int n = 0;
    for (std::string line; std::getline(in, line);) n += line.rfind("replace", 0) == 0 ? 1 : 0;
    return n;
  };
  const int before = count_renewals();
  EXPECT_GE(before, 3);
  std::this_thread::sleep_for(200ms);
  EXPECT_GT(count_renewals(), before) << "renewals go on after the interrupt";
  EXPECT_FALSE((*lock)->lost());

  (*lock)->release();
  std::ifstream in(log);
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_THAT(all, HasSubstr("delete --raw")) << "released after the interrupt";
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace altinity_deploy::actions

namespace altinity_deploy::actions {
namespace {

// helm dies with the deployer (SIGTERM, then at most its timeout rolling
// back), so a dead run's lock lasts the timeout plus a minute, not twice it.
TEST(LockOptionsForHelm, ADeadRunsLockOutlivesTheRollbackOfTheHelmItStarted) {
  const LockOptions options = lock_options_for_helm(300, std::chrono::seconds(90));
  EXPECT_EQ(options.duration, std::chrono::seconds(360));
  EXPECT_EQ(options.wait, std::chrono::seconds(90));
  EXPECT_EQ(options.renew_every, std::chrono::milliseconds(10000));
  EXPECT_EQ(lock_options_for_helm(1, std::chrono::seconds(0)).duration, std::chrono::seconds(61));
}

}  // namespace
}  // namespace altinity_deploy::actions
