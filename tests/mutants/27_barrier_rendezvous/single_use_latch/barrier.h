// Mutant (wrong fix): let a std::latch do the counting.
// Tempting: std::latch::arrive_and_wait() is exactly "count me in and wait for the others".
// Wrong: a latch is single-use. It counts down from n once and can never be reset; at the
// second meeting its counter goes below zero (undefined behaviour) and, in libstdc++, never
// reaches zero again, so everyone waits forever. std::barrier is the reusable one.
// Expected verdict: deadlock.
#pragma once

#include <latch>

/// Lets a team of `n` threads wait for each other, as many times as they like.
class Barrier {
 public:
  explicit Barrier(int n) : latch_(n) {}

  /// Blocks until all n threads of the team have arrived at this meeting.
  void arrive_and_wait() {
    latch_.arrive_and_wait();
  }

 private:
  std::latch latch_;
};
