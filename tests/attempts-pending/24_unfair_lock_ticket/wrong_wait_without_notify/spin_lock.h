// Goal: SpinLock serves threads in the order in which they called lock(): first come, first served.
#pragma once

#include <atomic>
#include <thread>

class SpinLock {
 public:
  void lock() {
    const unsigned my = next_ticket_.fetch_add(1);
    for (;;) {
      const unsigned cur = now_serving_.load(std::memory_order_acquire);
      if (cur == my) return;
      now_serving_.wait(cur, std::memory_order_acquire);  // sleep until it changes
    }
  }

  void unlock() { now_serving_.fetch_add(1, std::memory_order_release); }

 private:
  std::atomic<unsigned> next_ticket_{0};
  std::atomic<unsigned> now_serving_{0};
};
