// A plan's change lines and its changes as JSON (plan_json/release_plan_json.hpp).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "altinity_deploy/plan_json/release_plan_json.hpp"

namespace altinity_deploy::plan_json {
namespace {

using nlohmann::json;
using plan::ReleasePlan;
using Kind = plan::Change::Kind;
using Action = plan::Change::Action;

std::string change_text(const plan::Change& change) { return change_line(change).str(); }

TEST(FormatChange, EachKind) {
  EXPECT_EQ(change_text({Kind::namespace_, Action::create, "ops-ns", {}, {}, "will be created"}),
            "+ namespace ops-ns: will be created");
  EXPECT_EQ(change_text({Kind::release, Action::create, "ops", {}, json("c 1"), "will be installed (chart c 1)"}),
            "+ release ops: will be installed (chart c 1)");
  EXPECT_EQ(change_text({Kind::release_status, Action::problem, "ops", json("failed"), {}, "up upgrades it"}),
            "! release ops: status failed; up upgrades it");
  EXPECT_EQ(change_text({Kind::chart, Action::update, "c", json("0.23.6"), json("0.26.0"), ""}),
            "~ chart c: 0.23.6 -> 0.26.0");
  EXPECT_EQ(change_text({Kind::crd, Action::create, "x.io", {}, json("1"), "will be created (1)"}),
            "+ crd x.io: will be created (1)");
}

TEST(FormatChange, ValuesShowTheirJsonTypeAndAbsence) {
  EXPECT_EQ(change_text({Kind::value, Action::update, "a.b", json("1"), json(1), ""}), "~ value a.b: \"1\" -> 1");
  EXPECT_EQ(change_text({Kind::value, Action::create, "a", {}, json::parse(R"(["x"])"), ""}),
            "+ value a: (absent) -> [\"x\"]");
  EXPECT_EQ(change_text({Kind::value, Action::remove, "a", json(true), {}, ""}), "- value a: true -> (absent)");
  EXPECT_EQ(change_text({Kind::value, Action::update, "a", json(nullptr), json("x"), ""}),
            "~ value a: null -> \"x\"");
}

TEST(PlanJson, AnArrayOfChangesWithOnlyTheFieldsThatApply) {
  ReleasePlan plan;
  plan.changes.push_back({Kind::namespace_, Action::create, "ns", {}, {}, "will be created"});
  plan.changes.push_back({Kind::value, Action::remove, "a.b", json(false), {}, ""});
  plan.changes.push_back({Kind::release_status, Action::problem, "ops", json("pending-upgrade"), {}, "recovered"});
  EXPECT_EQ(changes_json(plan), json::parse(R"json([
    {"kind": "namespace", "action": "create", "subject": "ns", "note": "will be created",
     "text": "+ namespace ns: will be created"},
    {"kind": "value", "action": "remove", "subject": "a.b", "before": false,
     "text": "- value a.b: false -> (absent)"},
    {"kind": "releaseStatus", "action": "problem", "subject": "ops", "before": "pending-upgrade", "note": "recovered",
     "text": "! release ops: status pending-upgrade; recovered"}])json"));
  EXPECT_EQ(changes_json(ReleasePlan{}), json::array());
}

}  // namespace
}  // namespace altinity_deploy::plan_json
