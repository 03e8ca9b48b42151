// Mutant (wrong fix): remember the event in a flag, but set it without taking the mutex.
// Tempting: "set() only writes one bool, it does not need the lock".
// Wrong: wait() reads the flag under the mutex while set() writes it without: that is a data
// race. Worse, the waiter can check the flag (false), then set() writes it and notifies before
// the waiter is asleep, and the wakeup is lost again. The lock closes exactly that window.
// Expected verdict: data-race.
#pragma once

#include <condition_variable>
#include <mutex>

/// A one-shot "done" signal between threads: one thread calls set() once, another wait().
class OneShotEvent {
 public:
  /// Marks the event as happened and wakes the waiting thread, if there is one.
  void set() {
    done_ = true;  // just a bool: no lock needed?
    cv_.notify_one();
  }

  /// Blocks until set() has been called; returns at once if it already was.
  void wait() {
    std::unique_lock lock(m_);
    cv_.wait(lock, [&] { return done_; });
  }

 private:
  std::mutex m_;
  std::condition_variable cv_;
  bool done_ = false;
};
