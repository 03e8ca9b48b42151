// Mutant (wrong fix): back off for a "random-looking" while before retrying.
// Tempting: waiting before the retry gives the other arm time to finish, and the delay
// changes from one attempt to the next, so it looks random.
// Wrong: it is the same sequence of delays for both arms, so they stay in step: both wait
// the same time, both come back together, both collide again. Back-off helps only when it
// breaks the symmetry (real randomness, and even then only with high probability); a common
// order of the tools removes the retry altogether.
// Expected verdict: livelock.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <thread>

#include "lockstep.h"

/// The workbench: two tools, shared by arm 0 (next to the drill) and arm 1 (next to the saw).
class Workshop {
 public:
  explicit Workshop(Lockstep& lockstep) : lockstep_(lockstep) {}

  /// Arm `arm` (0 or 1) gets both tools, runs `job` while it holds them, and puts them back.
  void do_job(int arm, const std::function<void()>& job) {
    std::mutex& near = arm == 0 ? drill_ : saw_;
    std::mutex& far = arm == 0 ? saw_ : drill_;
    for (int attempt = 0;; ++attempt) {
      near.lock();
      lockstep_.meet(arm);  // both arms now hold their near tool
      if (far.try_lock()) break;
      lockstep_.meet(arm);  // both arms found the far tool taken
      near.unlock();        // "after you": put the tool down and try again
      std::this_thread::sleep_for(std::chrono::microseconds(50 * (1 + attempt % 4)));
    }
    job();
    far.unlock();
    near.unlock();
  }

 private:
  Lockstep& lockstep_;
  std::mutex drill_;
  std::mutex saw_;
};
