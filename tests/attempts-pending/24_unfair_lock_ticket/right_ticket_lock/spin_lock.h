// Goal: SpinLock serves threads in the order in which they called lock(): first come, first served.
#pragma once

#include <atomic>
#include <thread>

/// A spinning mutual-exclusion lock: lock() and unlock(), usable with std::lock_guard.
class SpinLock {
 public:
  void lock() {
    const unsigned my = next_ticket_.fetch_add(1, std::memory_order_relaxed);
    while (now_serving_.load(std::memory_order_acquire) != my) std::this_thread::yield();
  }

  void unlock() {
    const unsigned next = now_serving_.load(std::memory_order_relaxed) + 1;
    now_serving_.store(next, std::memory_order_release);
  }

 private:
  std::atomic<unsigned> next_ticket_{0};
  std::atomic<unsigned> now_serving_{0};
};
