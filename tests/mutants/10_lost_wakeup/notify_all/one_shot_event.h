// Mutant (wrong fix): wake every waiter with notify_all() instead of notify_one().
// Tempting: "maybe the notification went to the wrong thread".
// Wrong: notify_all() wakes the threads that are waiting right now, and when set() runs first
// that is nobody. Without a flag the event still forgets that it happened.
// Expected verdict: deadlock.
#pragma once

#include <condition_variable>
#include <mutex>

/// A one-shot "done" signal between threads: one thread calls set() once, another wait().
class OneShotEvent {
 public:
  /// Marks the event as happened and wakes the waiting thread, if there is one.
  void set() {
    cv_.notify_all();  // wake everybody, just in case
  }

  /// Blocks until set() has been called; returns at once if it already was.
  void wait() {
    std::unique_lock lock(m_);
    cv_.wait(lock);
  }

 private:
  std::mutex m_;
  std::condition_variable cv_;
};
