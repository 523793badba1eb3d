#pragma once
// SIGINT/SIGTERM handling. The handler only records the signal; the process
// runner forwards it to the running child and the actions unwind normally, so
// locks are released and temp files removed before exiting with 130.
namespace altinity_deploy::core {

void install_interrupt_handlers();
// 0 when no signal arrived, else the signal number (SIGINT or SIGTERM).
int interrupt_signal();
bool interrupted();
// For tests.
void reset_interrupt_for_tests();

}  // namespace altinity_deploy::core
