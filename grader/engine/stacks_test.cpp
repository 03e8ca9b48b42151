// What the grader makes of gdb's stacks of a hung or livelocked check (real captures from
// exercises 10 and 33 with g++ 12, and 10 with clang++ 14; paths rewritten to KIT/).
#include <gtest/gtest.h>

#include "kit.h"
#include "stacks.h"

namespace threadlings {
namespace {

std::vector<std::string> Condensed(const std::string& name) {
  std::string text;
  EXPECT_TRUE(ReadFile(fs::path(THREADLINGS_TEST_DATA_DIR) / "golden" / "gdb" / (name + ".txt"), &text));
  return CondenseStacks(text, [](const std::string& f) { return f.rfind("KIT/exercises/", 0) == 0; });
}

std::string Dump(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += l + "\n";
  return s;
}

TEST(Stacks, BlockedThreadsSayWhatTheyWaitFor) {
  const auto lines = Condensed("lost_wakeup");
  ASSERT_EQ(lines.size(), 2u) << Dump(lines);
  EXPECT_EQ(lines[0],
            "Thread 3 waits on a condition variable at KIT/exercises/10_lost_wakeup/one_shot_event.h:24 in "
            "OneShotEvent::wait, called from KIT/exercises/10_lost_wakeup/check.cpp:47 in operator()");
  EXPECT_EQ(lines[1], "Thread 1 waits for a thread to finish (join) at KIT/exercises/10_lost_wakeup/check.cpp:50 in the test");
}

TEST(Stacks, TheFirstLearnerFrameIsWhereTheThreadIsStuck) {
  std::string text;
  ASSERT_TRUE(ReadFile(fs::path(THREADLINGS_TEST_DATA_DIR) / "golden" / "gdb" / "lost_wakeup.txt", &text));
  Location stuck;
  CondenseStacks(
      text, [](const std::string& f) { return f.rfind("KIT/exercises/", 0) == 0; },
      [](const std::string& f) { return f == "KIT/exercises/10_lost_wakeup/one_shot_event.h"; }, &stuck);
  EXPECT_EQ(stuck.file, "KIT/exercises/10_lost_wakeup/one_shot_event.h");
  EXPECT_EQ(stuck.line, 24);
}

TEST(Stacks, BlockedThreadsWithClang) {
  const auto lines = Condensed("lost_wakeup_clang");
  ASSERT_EQ(lines.size(), 2u) << Dump(lines);
  // clang++ names the thread's lambda after the test that holds it.
  EXPECT_EQ(lines[0],
            "Thread 3 waits on a condition variable at KIT/exercises/10_lost_wakeup/one_shot_event.h:24 in "
            "OneShotEvent::wait, called from KIT/exercises/10_lost_wakeup/check.cpp:47 in the test");
  EXPECT_EQ(lines[1], "Thread 1 waits for a thread to finish (join) at KIT/exercises/10_lost_wakeup/check.cpp:50 in the test");
}

TEST(Stacks, SpinningThreadsAreRunningInTheLearnersCode) {
  const auto lines = Condensed("cooperative_scheduler");
  ASSERT_FALSE(lines.empty());
  const std::string all = Dump(lines);
  // The scheduler's only thread spins in the player's wait loop; no sanitizer frame shows.
  EXPECT_EQ(lines[0].rfind("Thread 1 is running ", 0), 0u) << all;
  EXPECT_NE(lines[0].find("KIT/exercises/33_cooperative_scheduler/game_tasks.h:24 in player"), std::string::npos) << all;
  EXPECT_EQ(all.find("tsan"), std::string::npos) << all;
  EXPECT_EQ(all.find("Thread 2 "), std::string::npos) << all;  // TSan's background thread
}

TEST(Stacks, ThreadsWithoutKeptFramesAreLeftOut) {
  EXPECT_TRUE(CondenseStacks("Thread 2 (Thread 0x1 (LWP 5) \"check\"):\n"
                             "#0  0x00007f in __sanitizer::internal_usleep (useconds=1) at ../x.cpp:460\n",
                             [](const std::string&) { return false; })
                  .empty());
}

}  // namespace
}  // namespace threadlings
