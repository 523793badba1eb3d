// How a plan reads as text, and its change lines coloured (cli/plan_text.hpp,
// cli/change_colour.hpp).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "altinity_deploy/plan/release_plan.hpp"
#include "../../src/cli/change_colour.hpp"
#include "../../src/cli/plan_text.hpp"

namespace altinity_deploy::cli {
namespace {

using nlohmann::json;
using plan::ReleasePlan;
using Kind = plan::Change::Kind;
using Action = plan::Change::Action;

// Literal text holds no control character: escaped_lines leaves it as it is.
std::string coloured(std::string_view text) { return colour_changes(core::escaped_lines(text)).str(); }

spec::OperatorSpec basic_spec() {
  spec::OperatorSpec spec;
  spec.metadata.name = "ops";
  return spec;
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
}  // namespace altinity_deploy::cli
