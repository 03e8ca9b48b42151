// Mutant (wrong fix): std::this_thread::yield() before each retry.
// Tempting: it lets "the other arm go first", which is what politeness was meant to do.
// Wrong: the other arm yields too, at the same moment. Both step aside, both come back,
// both find the far tool taken again. Yielding changes who runs when on the CPU, not the
// order in which the arms take the tools, so the cycle of grab, fail, put down is intact.
// Expected verdict: livelock.
#pragma once

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
    for (;;) {
      near.lock();
      lockstep_.meet(arm);  // both arms now hold their near tool
      if (far.try_lock()) break;
      lockstep_.meet(arm);  // both arms found the far tool taken
      near.unlock();        // "after you": put the tool down and try again
      std::this_thread::yield();  // and let the other arm go first
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
