// Checks for 33_cooperative_scheduler.
//
// All the game's tasks run on the test's thread, inside Scheduler::run(). Next to the
// learner's loader and player, the check runs a ticker task that counts one frame per turn.
// tl::ProgressWatch watches that count from another thread: if it stops moving for kStall,
// some task is keeping the scheduler's only thread without ever giving it back, and the
// watch ends the process with the verdict livelock (a task that never suspends cannot be
// stopped from the outside). With a player that yields while it waits, the whole game is
// over in well under a millisecond.
#include <game_tasks.h>
#include <threadlings/check.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <vector>

using namespace std::chrono_literals;

namespace {

constexpr int kParts = 5;          // the loader needs this many turns
constexpr int kRounds = 3;         // the player plays this many rounds once the level is loaded
constexpr long kMaxFrames = 100000;  // the ticker stops after this many frames in any case
constexpr auto kStall = 500ms;     // no new frame for this long: the game is frozen

/// Counts one frame per turn until the player has played every round.
Scheduler::Task ticker(Scheduler& sched, std::atomic<long>& frames, const Scoreboard& score) {
  while (score.rounds().size() < static_cast<std::size_t>(kRounds) && frames.load() < kMaxFrames) {
    frames.fetch_add(1);
    co_await sched.yield();
  }
}

}  // namespace

// The level loads while the player waits, then the player plays every round.
TEST(Game, LevelLoadsWhileThePlayerWaits) {
  auto sched = std::make_unique<Scheduler>();
  auto level = std::make_unique<Level>(kParts);
  auto score = std::make_unique<Scoreboard>();
  std::atomic<long> frames{0};
  {
    tl::ProgressWatch watch(frames, kStall,
                            "the game froze: the other tasks (the loader, a frame ticker) got no "
                            "turn while the player waited for the level, which then could not load");
    sched->spawn(loader(*sched, *level));
    sched->spawn(ticker(*sched, frames, *score));
    sched->spawn(player(*sched, *level, *score, kRounds));
    sched->run();
  }
  EXPECT_TRUE(level->loaded()) << "the game ended with the level not loaded";
  EXPECT_FALSE(score->played_too_early()) << "the player played before the level was loaded";
  EXPECT_EQ(score->rounds(), (std::vector<int>{0, 1, 2})) << "the player must play rounds 0, 1, 2";
}
