// Mutant (wrong fix): give up spinning and wrap a std::mutex.
// Tempting: the standard mutex is well tested, and surely fairer than a hand-made flag.
// Wrong: std::mutex promises mutual exclusion, not an order. glibc's mutex lets a running
// thread take it straight back after unlock(): the waiter is only woken, and by the time it
// runs the lock is taken again. Expected verdict: starvation.
#pragma once

#include <atomic>
#include <mutex>
#include <thread>

/// A spinning mutual-exclusion lock: lock() and unlock(), usable with std::lock_guard.
class SpinLock {
 public:
  void lock() {
    m_.lock();
  }

  void unlock() {
    m_.unlock();
  }

 private:
  std::mutex m_;  // "the standard mutex is surely fair"
};
