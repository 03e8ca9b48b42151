// Goal: SpinLock serves threads in the order in which they called lock(): first come, first served.
#pragma once

#include <mutex>
#include <thread>

class SpinLock {
 public:
  void lock() {
    unsigned long my;
    {
      std::lock_guard g(m_);
      my = next_++;
    }
    for (;;) {
      {
        std::lock_guard g(m_);
        if (serving_ == my) return;
      }
      std::this_thread::yield();
    }
  }

  void unlock() {
    std::lock_guard g(m_);
    ++serving_;
  }

 private:
  std::mutex m_;               // guards the two counters only, never held while waiting
  unsigned long next_ = 0;     // next ticket to hand out
  unsigned long serving_ = 0;  // ticket whose turn it is
};
