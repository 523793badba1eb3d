#pragma once
// Facts about the Altinity operator chart that several verbs need.
#include <array>

namespace altinity_deploy::spec {

// The four CRDs every chart version ships in crds/.
inline constexpr std::array<const char*, 4> kOperatorCrds = {
    "clickhouseinstallations.clickhouse.altinity.com",
    "clickhouseinstallationtemplates.clickhouse.altinity.com",
    "clickhouseoperatorconfigurations.clickhouse.altinity.com",
    "clickhousekeeperinstallations.clickhouse-keeper.altinity.com",
};

}  // namespace altinity_deploy::spec
