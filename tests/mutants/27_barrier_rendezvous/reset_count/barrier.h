// Mutant (wrong fix): the last thread to arrive resets the count to zero.
// Tempting: the count is then right for the next meeting, which is exactly what was missing.
// Wrong: the threads still waiting re-check `arrived_ >= n_` after the wake-up and find 0: they
// go back to sleep, and nobody will ever wake them. Waiters need something that changes once
// when THEIR meeting is complete and stays changed (a meeting number).
// Expected verdict: deadlock.
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
      arrived_ = 0;  // ready for the next meeting
      cv_.notify_all();  // the last one to arrive wakes the others
      return;
    }
    cv_.wait(lock, [&] { return arrived_ >= n_; });
  }

 private:
  const int n_;
  std::mutex m_;
  std::condition_variable cv_;
  int arrived_ = 0;  // guarded by m_
};
