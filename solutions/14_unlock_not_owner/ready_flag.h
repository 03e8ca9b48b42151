// Goal: ReadyFlag tells the worker threads that the configuration is loaded: the loader thread
// calls set() once, and any number of threads call wait(), which returns once set() was
// called. As written, the flag is a std::mutex that one thread locks and ANOTHER thread
// unlocks. A mutex belongs to the thread that locked it, and unlocking it from any other
// thread is undefined behaviour. Build the signal from something that has no owner.
#pragma once

#include <semaphore>

/// A one-time "ready" signal: the loader calls set() once; any thread may wait() for it.
class ReadyFlag {
 public:
  ReadyFlag() = default;  // nothing to lock: the semaphore starts at 0, "not ready"

  /// Called once, by the loader thread, when the data is ready.
  void set() {
    ready_.release();  // a semaphore has no owner: any thread may release it
  }

  /// Blocks until set() has been called; returns at once if it already was. Any number of
  /// threads may wait.
  void wait() {
    ready_.acquire();  // wait for the one token set() puts in...
    ready_.release();  // ...and put it back, for the next waiter
  }

 private:
  std::binary_semaphore ready_{0};  // 0: not ready yet; 1: ready
};
