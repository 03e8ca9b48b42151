// Mutant (wrong fix): wait with a timeout, so that wait() can never hang.
// Tempting: the hang goes away, and when set() really came first, wait() returns soon.
// Wrong: after 100 ms wait() returns whether or not set() was ever called, so the caller goes
// on as if the index were loaded. Giving up is not the same as being told.
// Expected verdict: wrong-result.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

/// A one-shot "done" signal between threads: one thread calls set() once, another wait().
class OneShotEvent {
 public:
  /// Marks the event as happened and wakes the waiting thread, if there is one.
  void set() {
    cv_.notify_one();
  }

  /// Blocks until set() has been called; returns at once if it already was.
  void wait() {
    std::unique_lock lock(m_);
    cv_.wait_for(lock, std::chrono::milliseconds(100));  // never hang forever
  }

 private:
  std::mutex m_;
  std::condition_variable cv_;
};
