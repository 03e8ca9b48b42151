// Goal: SpinLock serves threads in the order in which they called lock(): first come, first served.
#pragma once

#include <mutex>

class SpinLock {
 public:
  void lock() { m_.lock(); }
  void unlock() { m_.unlock(); }

 private:
  std::mutex m_;
};
