// Goal: SpinLock serves threads in the order in which they called lock(): first come, first served.
#pragma once

#include <atomic>
#include <thread>

class SpinLock {
 public:
  void lock() {
    const unsigned my = next_ticket_.fetch_add(1, std::memory_order_relaxed);
    while (now_serving_.load(std::memory_order_relaxed) != my) std::this_thread::yield();
  }

  void unlock() {
    now_serving_.fetch_add(1, std::memory_order_relaxed);
  }

 private:
  std::atomic<unsigned> next_ticket_{0};
  std::atomic<unsigned> now_serving_{0};
};
