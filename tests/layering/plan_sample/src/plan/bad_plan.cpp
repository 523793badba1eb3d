// A sample the check must refuse: plan/ starting a process, reading a file, colouring.
#include "altinity_deploy/exec/concurrent.hpp"
#include <fstream>
void read_in_the_plan(altinity_deploy::tools::KubectlClient& kubectl) { kubectl.get_namespace(); }
const char* kRed = "\033[31m";
