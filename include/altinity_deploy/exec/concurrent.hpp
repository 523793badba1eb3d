#pragma once
// Independent read-only helm/kubectl calls run side by side: each process
// costs 50-150 ms, mostly start-up, so a batch takes about as long as its
// slowest call instead of the sum.
//
// Safe with ProcessRunner (every call has its own descriptors, opened O_CLOEXEC,
// and waits for its own pid), VerboseRunner and RecordingRunner.
#include <functional>
#include <vector>

namespace altinity_deploy::exec {

// Runs every task, each on its own thread (the last one on the calling
// thread), and returns when all have finished. Tasks report through what
// they capture; an exception thrown by a task is rethrown here once all are
// done.
void run_concurrently(std::vector<std::function<void()>> tasks);

}  // namespace altinity_deploy::exec
