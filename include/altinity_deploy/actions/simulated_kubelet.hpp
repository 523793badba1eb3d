#pragma once
// Whether the cluster's pods run at all: on the local test cluster
// (tests/e2e/cluster) a simulated kubelet reports every pod ready while no
// container runs, and says so with a label on its node. `up` and `status`
// read it so that "deployed" is never taken for "running" there.
#include <string>
#include <vector>

#include "altinity_deploy/tools/kubectl_client.hpp"

namespace altinity_deploy::actions {

// The nodes labelled as simulated; empty when there are none or when the
// nodes could not be listed (a user may not be allowed to: the note is
// information, never a reason to fail; -v says why it is missing).
std::vector<std::string> simulated_nodes(tools::KubectlClient& kubectl);

}  // namespace altinity_deploy::actions
