// Mutant (wrong fix): back off (sleep a little) between two attempts to take the flag.
// Tempting: backing off is what real spin locks do, and the waiter no longer burns a CPU.
// Wrong: backing off makes waiters even slower to notice a release. The thread that unlocks
// and re-locks in one go still wins nearly every time: nothing makes it wait its turn.
// Expected verdict: starvation.
#pragma once

#include <atomic>
#include <chrono>
#include <thread>

/// A spinning mutual-exclusion lock: lock() and unlock(), usable with std::lock_guard.
class SpinLock {
 public:
  void lock() {
    while (flag_.test_and_set(std::memory_order_acquire))
      std::this_thread::sleep_for(std::chrono::microseconds(50));  // back off: let others in
  }

  void unlock() {
    flag_.clear(std::memory_order_release);
  }

 private:
  std::atomic_flag flag_ = ATOMIC_FLAG_INIT;
};
