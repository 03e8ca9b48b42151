// Goal: two robot arms share a drill and a saw; every job needs both tools, however the arms
// are timed.
#pragma once

#include <functional>
#include <mutex>

#include "lockstep.h"

/// The workbench: two tools, shared by arm 0 (next to the drill) and arm 1 (next to the saw).
class Workshop {
 public:
  explicit Workshop(Lockstep& lockstep) : lockstep_(lockstep) {}

  /// Arm `arm` (0 or 1) gets both tools, runs `job` while it holds them, and puts them back.
  void do_job(int arm, const std::function<void()>& job) {
    std::mutex& near = arm == 0 ? drill_ : saw_;
    std::mutex& far = arm == 0 ? saw_ : drill_;
    near.lock();
    lockstep_.meet(arm);  // both arms now hold their near tool
    far.lock();           // wait patiently instead of putting it down
    job();
    far.unlock();
    near.unlock();
  }

 private:
  Lockstep& lockstep_;
  std::mutex drill_;
  std::mutex saw_;
};
