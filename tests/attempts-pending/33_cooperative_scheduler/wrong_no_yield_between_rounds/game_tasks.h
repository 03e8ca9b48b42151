// Goal: a game runs its entities as green threads: coroutines on ONE thread, switched by a
// cooperative Scheduler (scheduler.h). A task keeps that thread until it co_awaits
// sched.yield() or returns; nobody can take it away. The player task below waits for the
// level to load in a loop that never yields. The loader needs the thread to load the next
// part, so it never runs again: the player spins for ever, and the whole game (every other
// task) freezes. Make the player give the thread back while it waits.
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
  while (!level.loaded()) co_await sched.yield();
  for (int round = 0; round < rounds; ++round) score.play(round, level);  // now play, no waiting needed
  co_return;
}
