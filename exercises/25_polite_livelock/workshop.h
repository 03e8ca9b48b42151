// Goal: two robot arms share a drill and a saw, and every job needs both tools. Each arm
// grabs the tool next to it, then TRIES to grab the other one; if that is taken, it politely
// puts its own tool down and starts over. Both arms move in lockstep (lockstep.h), so both
// always grab at once, both find the other tool taken, both put theirs down, and both start
// over: busy for ever, and no job ever gets done. That is a livelock. Make every job get
// both tools, however the two arms are timed.
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
    // TODO: the two arms take the tools in opposite orders and back off in lockstep, so
    // they can go on retrying for ever. Take the two tools so that retrying is never needed.
    for (;;) {
      near.lock();
      lockstep_.meet(arm);  // both arms now hold their near tool
      if (far.try_lock()) break;
      lockstep_.meet(arm);  // both arms found the far tool taken
      near.unlock();        // "after you": put the tool down and try again
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
