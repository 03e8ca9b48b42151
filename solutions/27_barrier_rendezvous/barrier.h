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
    const long meeting = meetings_;  // the meeting this thread arrives at
    ++arrived_;
    if (arrived_ == n_) {
      arrived_ = 0;   // the next meeting counts from zero again...
      ++meetings_;    // ...and this one is complete
      cv_.notify_all();  // the last one to arrive wakes the others
      return;
    }
    // Wait until this meeting is complete; arrived_ may already count the next one by then.
    cv_.wait(lock, [&] { return meetings_ != meeting; });
  }

 private:
  const int n_;
  std::mutex m_;
  std::condition_variable cv_;
  int arrived_ = 0;  // guarded by m_
  long meetings_ = 0;  // guarded by m_: meetings completed so far (a generation number)
};
