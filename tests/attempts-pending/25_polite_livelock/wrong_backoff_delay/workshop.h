// Goal: two robot arms share a drill and a saw; every job needs both tools, however the arms
// are timed.
#pragma once

#include <functional>
#include <mutex>

#include <chrono>
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
    for (;;) {
      near.lock();
      lockstep_.meet(arm);
      if (far.try_lock()) break;
      lockstep_.meet(arm);
      near.unlock();
      std::this_thread::sleep_for(std::chrono::milliseconds(1 + arm));  // break the symmetry
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
