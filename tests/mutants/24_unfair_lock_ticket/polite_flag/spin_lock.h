// Mutant (wrong fix): waiters raise a plain bool "someone is waiting", and unlock() yields
// when it is set, to give the waiter a chance.
// Tempting: it looks considerate, and a hint does not need to be exact.
// Wrong: the flag is written by the waiters and read by the holder with nothing ordering the
// two: a data race, whatever it is used for. (And a yield is a hint to the scheduler, not a
// turn order.) Expected verdict: data-race.
#pragma once

#include <atomic>
#include <thread>

/// A spinning mutual-exclusion lock: lock() and unlock(), usable with std::lock_guard.
class SpinLock {
 public:
  void lock() {
    waiting_ = true;  // tell the holder that someone is waiting
    while (flag_.test_and_set(std::memory_order_acquire)) std::this_thread::yield();
    waiting_ = false;
  }

  void unlock() {
    flag_.clear(std::memory_order_release);
    if (waiting_) std::this_thread::yield();  // be polite: give the waiter a chance
  }

 private:
  std::atomic_flag flag_ = ATOMIC_FLAG_INIT;
  bool waiting_ = false;  // "someone is waiting": just a hint, so a plain bool will do
};
