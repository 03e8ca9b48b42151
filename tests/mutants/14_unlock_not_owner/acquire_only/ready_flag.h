// Mutant (wrong fix): a binary semaphore, but wait() only acquires.
// Tempting: release() in set(), acquire() in wait(): the textbook signal between two threads.
// Wrong: set() puts in ONE token, and the first waiter takes it away for good. Every other
// worker, and any worker that comes later, waits forever.
// Expected verdict: deadlock.
#pragma once

#include <semaphore>

/// A one-time "ready" signal: the loader calls set() once; any thread may wait() for it.
class ReadyFlag {
 public:
  ReadyFlag() = default;

  /// Called once, by the loader thread, when the data is ready.
  void set() {
    ready_.release();
  }

  /// Blocks until set() has been called; returns at once if it already was. Any number of
  /// threads may wait.
  void wait() {
    ready_.acquire();
  }

 private:
  std::binary_semaphore ready_{0};
};
