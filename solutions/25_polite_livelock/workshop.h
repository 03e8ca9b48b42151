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
  explicit Workshop(Lockstep& /*lockstep*/) {}  // it paced the retries, and there are none now

  /// Arm `arm` (0 or 1) gets both tools, runs `job` while it holds them, and puts them back.
  void do_job(int /*arm*/, const std::function<void()>& job) {
    // One order for every arm, both tools in one std::scoped_lock: an arm that cannot have
    // a tool waits (blocks) for it instead of backing off in step with the other arm.
    std::scoped_lock tools(drill_, saw_);
    job();
  }

 private:
  std::mutex drill_;
  std::mutex saw_;
};
