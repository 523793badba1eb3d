// A sample the check must refuse: drift/ printing through the cli.
#include "../cli/drift_text.hpp"
