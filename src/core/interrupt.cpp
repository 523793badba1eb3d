// The handlers only store numbers (lock-free atomics are async-signal-safe)
// or write one line and _exit; everything else (logging, cleanup, forwarding)
// happens in normal code that polls these values.
#include "altinity_deploy/core/interrupt.hpp"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstring>

namespace altinity_deploy::core {
namespace {

std::atomic<int> last_signal{0};
std::atomic<int> signal_count{0};
static_assert(std::atomic<int>::is_always_lock_free, "the signal handler needs lock-free atomics");

constexpr int kInterruptSignals[] = {SIGINT, SIGTERM, SIGHUP};
// The shell's code for SIGINT, used for every interrupt (ExitCode::interrupted).
constexpr int kInterruptedExit = 130;

void record_interrupt(int signal_number) {
  last_signal.store(signal_number);
  signal_count.fetch_add(1);
}

// For verbs that change nothing: no cleanup is owed, so stop at once. Only
// async-signal-safe calls: write(2) and _exit(2).
void exit_at_once(int signal_number) {
  const char* message = signal_number == SIGINT    ? "\nerror: interrupted (SIGINT); nothing was changed\n"
                        : signal_number == SIGHUP ? "\nerror: interrupted (SIGHUP); nothing was changed\n"
                                                  : "\nerror: interrupted (SIGTERM); nothing was changed\n";
  [[maybe_unused]] const ssize_t ignored = write(STDERR_FILENO, message, std::strlen(message));
  _exit(kInterruptedExit);
}

void install(int signal_number, void (*handler)(int)) {
  struct sigaction action {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  // Block the other interrupt signals while one is being recorded.
  for (int other : kInterruptSignals) sigaddset(&action.sa_mask, other);
  // No SA_RESTART: poll() and friends return EINTR, so waits notice at once.
  action.sa_flags = 0;
  sigaction(signal_number, &action, nullptr);
}

}  // namespace

void install_interrupt_handlers(OnInterrupt on_interrupt) {
  for (int signal_number : kInterruptSignals) {
    install(signal_number, on_interrupt == OnInterrupt::exit_now ? exit_at_once : record_interrupt);
  }
  // A child that exits early must surface as EPIPE on write, not kill us.
  install(SIGPIPE, SIG_IGN);
}

int interrupt_signal() { return last_signal.load(); }

bool interrupted() { return last_signal.load() != 0; }

int interrupt_count() { return signal_count.load(); }

void reset_interrupt_for_tests() {
  last_signal.store(0);
  signal_count.store(0);
}

}  // namespace altinity_deploy::core
