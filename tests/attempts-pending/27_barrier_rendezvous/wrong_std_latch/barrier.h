// Goal: Barrier makes a team of n threads meet between the phases of a computation, again and
// again: at each meeting nobody returns until all n have arrived at this meeting.
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
