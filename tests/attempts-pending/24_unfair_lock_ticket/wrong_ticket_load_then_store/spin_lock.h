// Goal: SpinLock serves threads in the order in which they called lock(): first come, first served.
#pragma once

#include <atomic>
#include <thread>

class SpinLock {
 public:
  void lock() {
    const unsigned my = next_ticket_.load();
    next_ticket_.store(my + 1);
    while (now_serving_.load(std::memory_order_acquire) != my) std::this_thread::yield();
  }

  void unlock() {
    now_serving_.store(now_serving_.load() + 1, std::memory_order_release);
  }

 private:
  std::atomic<unsigned> next_ticket_{0};
  std::atomic<unsigned> now_serving_{0};
};
