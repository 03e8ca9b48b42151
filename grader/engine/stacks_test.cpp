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

// Issue 14: no input may crash the grader. A learner's function with a name of 100,000
// characters, in a check that hangs: gdb prints it on one frame line, and names the thread
// after it. std::regex overflowed the stack on such lines (exit 139); what is shown is cut.
TEST(Stacks, HugeLinesAreCutNotACrash) {
  const std::string name(100'000, 'f');
  const std::string gdb =
      "Thread 2 (Thread 0x7f (LWP 6) \"" + std::string(100'000, 't') + "\"):\n"
      "#0  0x00007f in __futex_abstimed_wait_common64 (private=0) at ./nptl/futex-internal.c:57\n"
      "#1  0x00007f in pthread_cond_wait@@GLIBC_2.3.2 () from /lib/x86_64-linux-gnu/libc.so.6\n"
      "#2  0x00005f in " + name + " (this=0x1) at KIT/exercises/x/a.h:24\n"
      "#3  0x00005f in operator() () at KIT/exercises/x/check.cpp:47\n"
      "Thread 1 (Thread 0x7e (LWP 5) \"check\"):\n"
      "#0  " + name + "() at KIT/exercises/x/a.h:3\n";
  Location stuck;
  const auto lines = CondenseStacks(
      gdb, [](const std::string& f) { return f.rfind("KIT/exercises/", 0) == 0; },
      [](const std::string& f) { return f == "KIT/exercises/x/a.h"; }, &stuck);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].rfind("Thread 2 waits on a condition variable at KIT/exercises/x/a.h:24 in fff", 0), 0u)
      << lines[0].substr(0, 200);
  EXPECT_EQ(lines[0].substr(1000), "... (99124 characters cut)");
  EXPECT_EQ(lines[1].rfind("Thread 1 is running at KIT/exercises/x/a.h:3 in fff", 0), 0u) << lines[1].substr(0, 200);
  EXPECT_EQ(lines[1].substr(1000), "... (99048 characters cut)");
  EXPECT_EQ(stuck.file, "KIT/exercises/x/a.h");
  EXPECT_EQ(stuck.line, 24);
}

// A line number of twenty digits saturates (std::stoi threw std::out_of_range).
TEST(Stacks, AHugeLineNumberIsNotACrash) {
  Location stuck;
  const auto lines = CondenseStacks(
      "Thread 1 (Thread 0x7e (LWP 5) \"check\"):\n#0  spin () at KIT/exercises/x/a.h:99999999999999999999\n",
      [](const std::string&) { return true; }, [](const std::string&) { return true; }, &stuck);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0], "Thread 1 is running at KIT/exercises/x/a.h:99999999999999999999 in spin");
  EXPECT_EQ(stuck.line, 2147483647);
}

}  // namespace
}  // namespace threadlings
