// Mutant (wrong fix): an atomic flag, with relaxed stores and loads.
// Tempting: an atomic is race-free, and relaxed is "the fast one".
// Wrong: the flag itself is fine, but memory_order_relaxed orders nothing else: a worker that
// sees the flag set is not guaranteed to see the config the loader wrote before set(). That is
// a data race on the config. set() needs release and wait() acquire (or a semaphore).
// Expected verdict: data-race.
#pragma once

#include <atomic>
#include <thread>

/// A one-time "ready" signal: the loader calls set() once; any thread may wait() for it.
class ReadyFlag {
 public:
  ReadyFlag() = default;

  /// Called once, by the loader thread, when the data is ready.
  void set() {
    ready_.store(true, std::memory_order_relaxed);
  }

  /// Blocks until set() has been called; returns at once if it already was. Any number of
  /// threads may wait.
  void wait() {
    while (!ready_.load(std::memory_order_relaxed)) std::this_thread::yield();
  }

 private:
  std::atomic<bool> ready_{false};
};
