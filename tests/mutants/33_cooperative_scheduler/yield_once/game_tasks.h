// Mutant (wrong fix): yield once before the waiting loop.
// Tempting: the player now gives the loader a turn before it starts waiting, and with a
// level of one part that is enough.
// Wrong: the loader loads ONE part per turn. After that one turn the player takes the thread
// back and spins in a loop that never yields again: the rest of the level never loads.
// Expected verdict: livelock.
#pragma once

#include "level.h"
#include "scheduler.h"

/// Loads `level` part by part, giving the other tasks a turn after each part.
inline Scheduler::Task loader(Scheduler& sched, Level& level) {
  while (!level.loaded()) {
    level.load_next_part();
    co_await sched.yield();
  }
}

/// Waits until `level` is loaded, then plays `rounds` rounds, one per turn.
inline Scheduler::Task player(Scheduler& sched, const Level& level, Scoreboard& score, int rounds) {
  co_await sched.yield();  // let the loader go first
  while (!level.loaded()) {
  }
  for (int round = 0; round < rounds; ++round) {
    score.play(round, level);
    co_await sched.yield();
  }
}
