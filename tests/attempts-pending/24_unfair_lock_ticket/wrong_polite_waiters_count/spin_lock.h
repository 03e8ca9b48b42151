// Goal: SpinLock serves threads in the order in which they called lock(): first come, first served.
#pragma once

#include <atomic>
#include <thread>

class SpinLock {
 public:
  void lock() {
    waiters_.fetch_add(1, std::memory_order_relaxed);
    while (flag_.test_and_set(std::memory_order_acquire)) std::this_thread::yield();
    waiters_.fetch_sub(1, std::memory_order_relaxed);
  }

  void unlock() {
    flag_.clear(std::memory_order_release);
    if (waiters_.load(std::memory_order_relaxed) > 0) std::this_thread::yield();  // after you
  }

 private:
  std::atomic_flag flag_ = ATOMIC_FLAG_INIT;
  std::atomic<int> waiters_{0};
};
