#pragma once
// SIGINT/SIGTERM handling. The handler only records the signal; the process
// runner forwards it to the running child and the actions unwind normally, so
// locks are released and temp files removed before exiting with 130.
namespace altinity_deploy::core {

// Installs the SIGINT/SIGTERM handlers (without SA_RESTART, so a blocking
// poll() returns early) and ignores SIGPIPE.
void install_interrupt_handlers();
// 0 when no signal arrived, else the signal number (SIGINT or SIGTERM) of the
// latest one.
int interrupt_signal();
bool interrupted();
// How many SIGINT/SIGTERM arrived so far. The process runner compares it
// before and after, so a signal that arrived before a child started (e.g. a
// cleanup command run while unwinding) is not forwarded to that child.
int interrupt_count();
// For tests.
void reset_interrupt_for_tests();

}  // namespace altinity_deploy::core
