// A sample the check must refuse: plan/ starting a process.
#include "altinity_deploy/exec/concurrent.hpp"

void read_in_the_plan(altinity_deploy::tools::KubectlClient& kubectl) { kubectl.get_namespace(); }
