// Goal: SpinLock serves threads in the order in which they called lock(): first come, first served.
#pragma once

#include <atomic>
#include <thread>

class SpinLock {
 public:
  void lock() {
    const unsigned long my = next_++;
    while (serving_ != my) std::this_thread::yield();
  }

  void unlock() { ++serving_; }

 private:
  std::atomic<unsigned long> next_{0};
  std::atomic<unsigned long> serving_{0};
};
