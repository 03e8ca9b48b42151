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
    std::lock(near, far);
    std::lock_guard a(near, std::adopt_lock);
    std::lock_guard b(far, std::adopt_lock);
    job();
  }

 private:
  Lockstep& lockstep_;
  std::mutex drill_;
  std::mutex saw_;
};
