// Goal: Barrier makes a team of n threads meet between the phases of a computation, again and
// again: at each meeting nobody returns until all n have arrived at this meeting.
#pragma once

#include <mutex>
#include <semaphore>

/// Lets a team of `n` threads wait for each other, as many times as they like.
class Barrier {
 public:
  explicit Barrier(int n) : n_(n) {}

  /// Blocks until all n threads of the team have arrived at this meeting.
  void arrive_and_wait() {
    {
      std::lock_guard lock(m_);
      if (++count_ == n_) turnstile1_.release(n_);
    }
    turnstile1_.acquire();
    {
      std::lock_guard lock(m_);
      if (--count_ == 0) turnstile2_.release(n_);
    }
    turnstile2_.acquire();
  }

 private:
  const int n_;
  std::mutex m_;
  int count_ = 0;  // guarded by m_
  std::counting_semaphore<> turnstile1_{0};
  std::counting_semaphore<> turnstile2_{0};
};
