// How a plan reads, as text and as JSON.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "altinity_deploy/plan/release_plan.hpp"

namespace altinity_deploy::plan {
namespace {

using nlohmann::json;
using Kind = Change::Kind;
using Action = Change::Action;

std::string change_text(const Change& change) { return format_change(change).str(); }
// Literal text holds no control character: escaped_lines leaves it as it is.
std::string coloured(std::string_view text) { return colour_changes(core::escaped_lines(text)).str(); }

spec::OperatorSpec basic_spec() {
  spec::OperatorSpec spec;
  spec.metadata.name = "ops";
  return spec;
}

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

TEST(FormatPlan, AHeadingTheChangesAndACount) {
  ReleasePlan plan;
  plan.desired.chart = {"altinity-clickhouse-operator", "0.26.0", {}};
  plan.changes.push_back({Kind::chart, Action::update, "altinity-clickhouse-operator", json("0.23.6"),
                          json("0.26.0"), ""});
  plan.changes.push_back({Kind::value, Action::update, "x", json(1), json(2), ""});
  EXPECT_EQ(format_plan(plan, basic_spec()).str(),
            "Plan for release 'ops' in namespace 'altinity-operator' (chart altinity-clickhouse-operator 0.26.0):\n"
            "  ~ chart altinity-clickhouse-operator: 0.23.6 -> 0.26.0\n"
            "  ~ value x: 1 -> 2\n"
            "2 changes; `altinity-deploy up` makes them.\n");
  plan.changes.pop_back();
  EXPECT_THAT(format_plan(plan, basic_spec()).str(), ::testing::EndsWith("1 change; `altinity-deploy up` makes it.\n"));
}

TEST(FormatPlan, NoChanges) {
  ReleasePlan plan;
  plan.desired.chart = {"altinity-clickhouse-operator", "0.23.6", {}};
  tools::ReleaseInfo release;
  release.revision = 4;
  plan.cluster.release = release;
  EXPECT_EQ(format_plan(plan, basic_spec()).str(),
            "No changes: release 'ops' in namespace 'altinity-operator' matches the manifest "
            "(chart altinity-clickhouse-operator 0.23.6, revision 4).\n");
}

TEST(PlanJson, AnArrayOfChangesWithOnlyTheFieldsThatApply) {
  ReleasePlan plan;
  plan.changes.push_back({Kind::namespace_, Action::create, "ns", {}, {}, "will be created"});
  plan.changes.push_back({Kind::value, Action::remove, "a.b", json(false), {}, ""});
  plan.changes.push_back({Kind::release_status, Action::problem, "ops", json("pending-upgrade"), {}, "recovered"});
  EXPECT_EQ(plan_json(plan), json::parse(R"json([
    {"kind": "namespace", "action": "create", "subject": "ns", "note": "will be created",
     "text": "+ namespace ns: will be created"},
    {"kind": "value", "action": "remove", "subject": "a.b", "before": false,
     "text": "- value a.b: false -> (absent)"},
    {"kind": "releaseStatus", "action": "problem", "subject": "ops", "before": "pending-upgrade", "note": "recovered",
     "text": "! release ops: status pending-upgrade; recovered"}])json"));
  EXPECT_EQ(plan_json(ReleasePlan{}), json::array());
}

TEST(ColourChanges, EachSignItsColourOtherLinesAsTheyAre) {
  EXPECT_EQ(coloured("Plan for release 'ops':\n"
                           "  + namespace ops: will be created\n"
                           "  ~ value a: 1 -> 2\n"
                           "  - crd x.io: will be deleted\n"
                           "  ! release ops: status failed\n"
                           "  operator password: <generated>\n"
                           "4 changes; `altinity-deploy up` makes them.\n"),
            "Plan for release 'ops':\n"
            "  \033[32m+ namespace ops: will be created\033[0m\n"
            "  \033[33m~ value a: 1 -> 2\033[0m\n"
            "  \033[31m- crd x.io: will be deleted\033[0m\n"
            "  \033[31m! release ops: status failed\033[0m\n"
            "  operator password: <generated>\n"
            "4 changes; `altinity-deploy up` makes them.\n");
  EXPECT_EQ(coloured("  + last line without newline"), "  \033[32m+ last line without newline\033[0m");
  EXPECT_EQ(coloured("-not a change\n+\n"), "-not a change\n+\n");
  EXPECT_EQ(coloured(""), "");
}

}  // namespace
}  // namespace altinity_deploy::plan
