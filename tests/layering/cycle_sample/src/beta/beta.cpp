// A sample: beta uses alpha, which uses beta: a folder cycle.
#include "altinity_deploy/beta/beta.hpp"
#include "altinity_deploy/alpha/alpha.hpp"
