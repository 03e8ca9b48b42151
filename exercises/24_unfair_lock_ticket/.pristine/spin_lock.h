// Goal: SpinLock guards small, hot pieces of state: a thread that wants it spins (yielding
// its time slice) instead of going to sleep. As written it is unfair. On every unlock(),
// whoever happens to test_and_set() the flag first gets in, and that is usually the thread
// that just unlocked and wants the lock back. A thread that keeps re-taking the lock can make
// another one wait indefinitely: it starves. Make the lock serve the threads in the order in
// which they called lock(): first come, first served.
#pragma once

#include <atomic>
#include <thread>

/// A spinning mutual-exclusion lock: lock() and unlock(), usable with std::lock_guard.
class SpinLock {
 public:
  void lock() {
    // TODO: every waiter races for the flag again on each release, and nothing remembers
    // who has been waiting the longest.
    while (flag_.test_and_set(std::memory_order_acquire)) std::this_thread::yield();
  }

  void unlock() {
    // TODO: this lets in whoever grabs the flag first, this same thread included.
    flag_.clear(std::memory_order_release);
  }

 private:
  // TODO: one flag says "taken" or "free"; it cannot say whose turn is next.
  std::atomic_flag flag_ = ATOMIC_FLAG_INIT;
};
