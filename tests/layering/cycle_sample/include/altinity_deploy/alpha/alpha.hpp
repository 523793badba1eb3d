#pragma once
// A sample for layering.no_folder_cycles_catches_violations: alpha's public header needs beta's.
#include "altinity_deploy/beta/beta.hpp"
