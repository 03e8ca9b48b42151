// Mutant (wrong fix): sleep a little in the waiting loop.
// Tempting: a busy loop burns the CPU; sleeping "gives the loader time to load".
// Wrong: sleeping blocks the one thread that every task runs on. While the player sleeps,
// nothing else runs either; when it wakes, it still has not suspended, so the loader still
// cannot run. The game stays frozen, just with less CPU.
// Expected verdict: livelock.
#pragma once

#include "level.h"
#include "scheduler.h"

#include <chrono>
#include <thread>

/// Loads `level` part by part, giving the other tasks a turn after each part.
inline Scheduler::Task loader(Scheduler& sched, Level& level) {
  while (!level.loaded()) {
    level.load_next_part();
    co_await sched.yield();
  }
}

/// Waits until `level` is loaded, then plays `rounds` rounds, one per turn.
inline Scheduler::Task player(Scheduler& sched, const Level& level, Scoreboard& score, int rounds) {
  while (!level.loaded()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  for (int round = 0; round < rounds; ++round) {
    score.play(round, level);
    co_await sched.yield();
  }
}
