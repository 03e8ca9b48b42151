// Mutant (wrong fix): a volatile bool that set() writes and wait() polls.
// Tempting: no mutex, so no owner; volatile "makes the other threads see the write".
// Wrong: volatile only stops the compiler from caching the value. The flag is still a plain
// variable written by one thread while others read it (a data race), and nothing orders the
// config written before set() with the reads after wait().
// Expected verdict: data-race.
#pragma once

#include <thread>

/// A one-time "ready" signal: the loader calls set() once; any thread may wait() for it.
class ReadyFlag {
 public:
  ReadyFlag() = default;

  /// Called once, by the loader thread, when the data is ready.
  void set() {
    ready_ = true;
  }

  /// Blocks until set() has been called; returns at once if it already was. Any number of
  /// threads may wait.
  void wait() {
    while (!ready_) std::this_thread::yield();
  }

 private:
  volatile bool ready_ = false;
};
