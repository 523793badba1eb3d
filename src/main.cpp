// The binary only hands argv to the library; see src/cli/.
#include "altinity_deploy/cli/app.hpp"

int main(int argc, char** argv) { return altinity_deploy::cli::run_app(argc, argv); }
