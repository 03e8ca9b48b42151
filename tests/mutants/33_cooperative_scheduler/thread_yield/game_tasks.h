// Mutant (wrong fix): std::this_thread::yield() in the waiting loop.
// Tempting: it is how a thread politely waits; with OS threads it lets the others run.
// Wrong: it yields the OS THREAD, to other OS threads. The loader is not another OS thread:
// it is a coroutine on this very thread, and it can run only when the player's coroutine
// suspends (co_await). The player keeps spinning, and the loader never gets its turn.
// Expected verdict: livelock.
#pragma once

#include "level.h"
#include "scheduler.h"

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
  while (!level.loaded()) std::this_thread::yield();  // let the others run
  for (int round = 0; round < rounds; ++round) {
    score.play(round, level);
    co_await sched.yield();
  }
}
