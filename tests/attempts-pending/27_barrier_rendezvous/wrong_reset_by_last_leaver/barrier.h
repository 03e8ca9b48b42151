// Goal: Barrier makes a team of n threads meet between the phases of a computation, again and
// again: at each meeting nobody returns until all n have arrived at this meeting.
#pragma once

#include <condition_variable>
#include <mutex>

/// Lets a team of `n` threads wait for each other, as many times as they like.
class Barrier {
 public:
  explicit Barrier(int n) : n_(n) {}

  /// Blocks until all n threads of the team have arrived at this meeting.
  void arrive_and_wait() {
    std::unique_lock lock(m_);
    ++arrived_;
    if (arrived_ == n_) {
      leaving_ = n_;
      cv_.notify_all();
    } else {
      cv_.wait(lock, [&] { return arrived_ >= n_; });
    }
    if (--leaving_ == 0) arrived_ = 0;  // the last one out resets for the next meeting
  }

 private:
  const int n_;
  std::mutex m_;
  std::condition_variable cv_;
  int arrived_ = 0;  // guarded by m_
  int leaving_ = 0;  // guarded by m_
};
