// Goal: Barrier makes a team of n threads meet between the phases of a computation: each
// thread calls arrive_and_wait(), and nobody returns until all n have arrived at this meeting.
// The team uses the same barrier again and again: after phase 1, after phase 2, after the
// next round's phase 1, and so on. As written it works for the first meeting only: after
// that, arrived_ stays at n or above and every arrive_and_wait() returns at once. Make the
// barrier reusable: each meeting must wait for all n threads again.
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
    // TODO: arrived_ counts every arrival since the barrier was made, not this meeting's.
    ++arrived_;
    if (arrived_ == n_) {
      cv_.notify_all();  // the last one to arrive wakes the others
      return;
    }
    // TODO: from the second meeting on, this is true at once. Wait for THIS meeting instead.
    cv_.wait(lock, [&] { return arrived_ >= n_; });
  }

 private:
  const int n_;
  std::mutex m_;
  std::condition_variable cv_;
  int arrived_ = 0;  // guarded by m_
  // TODO: nothing here tells one meeting from the next.
};
