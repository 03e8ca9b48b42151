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
    // Take a ticket: fetch_add hands out 0, 1, 2, ... one per call, in arrival order. Then
    // wait until that ticket is served: nobody who arrives later can get in before us.
    const unsigned ticket = next_ticket_.fetch_add(1, std::memory_order_relaxed);
    while (now_serving_.load(std::memory_order_acquire) != ticket) std::this_thread::yield();
  }

  void unlock() {
    // Serve the next ticket. Only its holder may enter, and it came before any lock() that
    // starts from now on, this thread's included.
    now_serving_.fetch_add(1, std::memory_order_release);
  }

 private:
  std::atomic<unsigned> next_ticket_{0};  ///< the ticket the next lock() takes
  std::atomic<unsigned> now_serving_{0};  ///< the ticket whose holder may enter
};
