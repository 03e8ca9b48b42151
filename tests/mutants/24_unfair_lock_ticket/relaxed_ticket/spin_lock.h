// Mutant (wrong fix): a ticket lock with every atomic operation memory_order_relaxed.
// Tempting: the tickets are handed out in order and no two threads get the same one, so the
// lock seems correct, and relaxed is the fastest order.
// Wrong: a lock must also make the previous holder's writes visible to the next one. A
// relaxed store does not publish anything and a relaxed load acquires nothing: the data the
// lock guards is raced on. unlock() needs release, lock() needs acquire.
// Expected verdict: data-race.
#pragma once

#include <atomic>
#include <thread>

/// A spinning mutual-exclusion lock: lock() and unlock(), usable with std::lock_guard.
class SpinLock {
 public:
  void lock() {
    const unsigned ticket = next_ticket_.fetch_add(1, std::memory_order_relaxed);
    while (now_serving_.load(std::memory_order_relaxed) != ticket) std::this_thread::yield();
  }

  void unlock() {
    now_serving_.fetch_add(1, std::memory_order_relaxed);  // "an atomic is an atomic"
  }

 private:
  std::atomic<unsigned> next_ticket_{0};  ///< the ticket the next lock() takes
  std::atomic<unsigned> now_serving_{0};  ///< the ticket whose holder may enter
};
