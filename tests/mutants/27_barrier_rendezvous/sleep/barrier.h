// Mutant (wrong fix): replace the meeting with a short sleep.
// Tempting: the phases are short, so 10 ms "surely" lets everyone finish; and it never hangs.
// Wrong: a sleep guesses how long the slowest worker needs. A worker that is slower than the
// guess (preempted, or given more work) is left behind, and the others begin the next phase.
// Expected verdict: wrong-result.
#pragma once

#include <chrono>
#include <thread>

/// Lets a team of `n` threads wait for each other, as many times as they like.
class Barrier {
 public:
  explicit Barrier(int n) : n_(n) {}

  /// Blocks until all n threads of the team have arrived at this meeting.
  void arrive_and_wait() {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));  // enough for everyone to arrive
  }

 private:
  const int n_;
};
