#pragma once
// SIGINT/SIGTERM/SIGHUP handling. A verb that changes the cluster (up,
// destroy) unwinds: the handler only records the signal, the process runner
// forwards it to the running child and the actions return normally, so locks
// are released and temp files removed before exiting with 130. A verb that
// changes nothing (validate, render, plan, status) has nothing to undo and
// stops at once with 130, wherever it is (a long parse included); its
// helm/kubectl child gets SIGTERM as the deployer exits (see spawn_child.hpp).
namespace altinity_deploy::core {

enum class OnInterrupt {
  unwind,    // record the signal; the code polls interrupted() and unwinds
  exit_now,  // print one line and _exit(130) from the handler
};

// Installs the handlers (without SA_RESTART, so a blocking poll() returns
// early) and ignores SIGPIPE. SIGHUP (a dropped SSH session or a closed
// terminal) is handled exactly like SIGTERM.
void install_interrupt_handlers(OnInterrupt on_interrupt = OnInterrupt::unwind);
// 0 when no signal arrived, else the signal number (SIGINT, SIGTERM or
// SIGHUP) of the latest one.
int interrupt_signal();
bool interrupted();
// How many SIGINT/SIGTERM/SIGHUP arrived so far. The process runner compares
// it before and after, so a signal that arrived before a child started (e.g.
// a cleanup command run while unwinding) is not forwarded to that child.
int interrupt_count();
// For tests.
void reset_interrupt_for_tests();

}  // namespace altinity_deploy::core
