// Goal: SpinLock serves threads in the order in which they called lock(): first come, first served.
#pragma once

#include <atomic>
#include <thread>

#include <chrono>

class SpinLock {
 public:
  void lock() {
    while (flag_.test_and_set(std::memory_order_acquire)) {
      std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
  }

  void unlock() {
    flag_.clear(std::memory_order_release);
    std::this_thread::yield();  // give the others a chance
  }

 private:
  std::atomic_flag flag_ = ATOMIC_FLAG_INIT;
};
