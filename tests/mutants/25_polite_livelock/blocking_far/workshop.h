// Mutant (wrong fix): stop being polite: keep the near tool and wait for the far one.
// Tempting: the retry loop is what spins, so take it out and simply wait for the tool.
// Wrong: that is the deadlock the polite retry was added for. Arm 0 holds the drill and
// waits for the saw; arm 1 holds the saw and waits for the drill: neither can go on, for
// ever. Backing off was a bad cure for the opposite lock orders; a common order is the cure.
// Expected verdict: deadlock.
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
    far.lock();           // no more backing off: wait until the far tool is free
    job();
    far.unlock();
    near.unlock();
  }

 private:
  Lockstep& lockstep_;
  std::mutex drill_;
  std::mutex saw_;
};
