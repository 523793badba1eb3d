#include <gtest/gtest.h>

#include "altinity_deploy/plan/values_builder.hpp"
#include "altinity_deploy/yaml/yaml_emitter.hpp"
#include "altinity_deploy/yaml/yaml_loader.hpp"

namespace altinity_deploy::plan {
namespace {

using yaml::Node;

yaml::Node parse(const std::string& text) {
  auto loaded = yaml::load(text);
  EXPECT_TRUE(loaded.problems.empty());
  return loaded.root;
}

TEST(ValuesBuilder, DefaultsGiveTheSeedsValues) {
  spec::OperatorSpec spec;
  EXPECT_EQ(yaml::emit(build_values(spec)),
            "operator:\n"
            "  createCRD: true\n"
            "  resources:\n"
            "    requests:\n"
            "      cpu: \"100m\"\n"
            "      memory: \"256Mi\"\n"
            "    limits:\n"
            "      cpu: \"1000m\"\n"
            "      memory: \"1Gi\"\n"
            "configs:\n"
            "  files:\n"
            "    config.yaml:\n"
            "      watch:\n"
            "        namespaces:\n"
            "          - \".*\"\n"
            "crdHook:\n"
            "  enabled: false\n");
}

TEST(ValuesBuilder, CrdHookIsOffUnlessSpecValuesTurnItOn) {
  spec::OperatorSpec spec;
  EXPECT_EQ(build_values(spec).find("crdHook")->find("enabled")->text(), "false");
  spec.values = parse("crdHook:\n  enabled: true\n");
  EXPECT_EQ(build_values(spec).find("crdHook")->find("enabled")->text(), "true");
}

TEST(ValuesBuilder, ConfigYamlIsOneKeyWithADot) {
  spec::OperatorSpec spec;
  const Node values = build_values(spec);
  const Node* files = values.find("configs")->find("files");
  ASSERT_NE(files, nullptr);
  ASSERT_NE(files->find("config.yaml"), nullptr);
  EXPECT_EQ(files->find("config"), nullptr);
}

TEST(ValuesBuilder, SpecValuesMergeLastAndDeep) {
  spec::OperatorSpec spec;
  spec.create_crds = false;
  spec.watch_namespaces = {"team-a", "team-b"};
  spec.values = parse("operator:\n  image:\n    tag: \"0.23.7\"\nmetrics:\n  enabled: false\n");
  const Node values = build_values(spec);
  const Node* op = values.find("operator");
  EXPECT_EQ(op->find("createCRD")->text(), "false");
  EXPECT_EQ(op->find("image")->find("tag")->text(), "0.23.7");
  EXPECT_EQ(op->find("image")->find("tag")->style(), Node::Style::quoted);
  EXPECT_NE(op->find("resources"), nullptr) << "merging must not drop typed keys";
  EXPECT_EQ(values.find("metrics")->find("enabled")->text(), "false");
  const Node* ns = values.find("configs")->find("files")->find("config.yaml")->find("watch")->find("namespaces");
  ASSERT_EQ(ns->items().size(), 2u);
  EXPECT_EQ(ns->items()[1].text(), "team-b");
}

TEST(ValuesBuilder, PlainScalarsInSpecValuesStayPlainForHelm) {
  spec::OperatorSpec spec;
  spec.values = parse("podAnnotations:\n  a: on\n  b: \"on\"\n");
  const std::string text = yaml::emit(build_values(spec));
  EXPECT_NE(text.find("a: on\n"), std::string::npos) << text;
  EXPECT_NE(text.find("b: \"on\"\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace altinity_deploy::plan
