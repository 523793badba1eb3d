#pragma once
// The deployer's SIGINT/SIGTERM/SIGHUP handlers for the lifetime of one object (one
// test), with the interrupt state reset and the previous dispositions put
// back afterwards.
#include <csignal>

#include "altinity_deploy/core/interrupt.hpp"

namespace altinity_deploy::testing {

class ScopedInterruptHandlers {
 public:
  ScopedInterruptHandlers() {
    sigaction(SIGINT, nullptr, &saved_int_);
    sigaction(SIGTERM, nullptr, &saved_term_);
    sigaction(SIGHUP, nullptr, &saved_hup_);
    core::install_interrupt_handlers();
    core::reset_interrupt_for_tests();
  }
  ~ScopedInterruptHandlers() {
    sigaction(SIGINT, &saved_int_, nullptr);
    sigaction(SIGTERM, &saved_term_, nullptr);
    sigaction(SIGHUP, &saved_hup_, nullptr);
    core::reset_interrupt_for_tests();
  }
  ScopedInterruptHandlers(const ScopedInterruptHandlers&) = delete;
  ScopedInterruptHandlers& operator=(const ScopedInterruptHandlers&) = delete;

 private:
  struct sigaction saved_int_ {};
  struct sigaction saved_term_ {};
  struct sigaction saved_hup_ {};
};

}  // namespace altinity_deploy::testing
