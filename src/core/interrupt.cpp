// The handler only stores numbers: lock-free atomics are async-signal-safe,
// everything else (logging, cleanup, forwarding) happens in normal code that
// polls these values.
#include "altinity_deploy/core/interrupt.hpp"

#include <atomic>
#include <csignal>

namespace altinity_deploy::core {
namespace {

std::atomic<int> last_signal{0};
std::atomic<int> signal_count{0};
static_assert(std::atomic<int>::is_always_lock_free, "the signal handler needs lock-free atomics");

void record_interrupt(int signal_number) {
  last_signal.store(signal_number);
  signal_count.fetch_add(1);
}

void install(int signal_number, void (*handler)(int)) {
  struct sigaction action {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  // Block the other interrupt signal while one is being recorded.
  sigaddset(&action.sa_mask, SIGINT);
  sigaddset(&action.sa_mask, SIGTERM);
  // No SA_RESTART: poll() and friends return EINTR, so waits notice at once.
  action.sa_flags = 0;
  sigaction(signal_number, &action, nullptr);
}

}  // namespace

void install_interrupt_handlers() {
  install(SIGINT, record_interrupt);
  install(SIGTERM, record_interrupt);
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
