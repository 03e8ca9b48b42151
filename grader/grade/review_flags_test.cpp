#include "review_flags.h"

#include <gtest/gtest.h>

namespace threadlings {
namespace {

const std::string kShipped = R"(#pragma once
#include <mutex>
// TODO: guard total_
class Counter {
 public:
  void hit() { ++total_; }
 private:
  long total_ = 0;
};
)";

const std::string kSolution = R"(#pragma once
#include <mutex>
class Counter {
 public:
  void hit() { std::scoped_lock lock(m_); ++total_; }
 private:
  std::mutex m_;
  long total_ = 0;
};
)";

TEST(ReviewFlags, AnHonestFixHasNone) {
  const std::string fix = R"(#pragma once
#include <atomic>
class Counter {
 public:
  void hit() { total_.fetch_add(1, std::memory_order_relaxed); }  // exit early? no
 private:
  std::atomic<long> total_{0};
};
)";
  EXPECT_TRUE(ReviewFlags("ex/counter.h", fix, {kShipped, kSolution}).empty());
}

TEST(ReviewFlags, AForgedResultIsPointedAtLineByLine) {
  const std::string forged = R"(#pragma once
#include <fstream>
#include <unistd.h>
#define EXPECT_EQ(a, b) (void)0
__attribute__((constructor)) static void forge() {
  std::ifstream cmd("/proc/self/cmdline");
  const char* out = getenv("THREADLINGS_RESULT");
  _exit(0);
}
class Counter { public: void hit() {} };
)";
  const auto flags = ReviewFlags("ex/counter.h", forged, {kShipped, kSolution});
  ASSERT_EQ(flags.size(), 5u) << ::testing::PrintToString(flags);
  // One flag per line, the first construct that matches: the macro redefines an assertion.
  EXPECT_EQ(flags[0], "ex/counter.h:4: touches GoogleTest, which only the checks use: `#define EXPECT_EQ(a, b) (void)0`");
  EXPECT_EQ(flags[1], "ex/counter.h:5: runs code before or after main: `__attribute__((constructor)) static void forge() {`");
  EXPECT_EQ(flags[2], "ex/counter.h:6: reads /proc (where the grader's command line and files show): "
                      "`std::ifstream cmd(\"/proc/self/cmdline\");`");
  EXPECT_EQ(flags[3], "ex/counter.h:7: reads the environment (where the grader passes its paths): "
                      "`const char* out = getenv(\"THREADLINGS_RESULT\");`");
  EXPECT_EQ(flags[4], "ex/counter.h:8: ends the process itself: `_exit(0);`");
}

TEST(ReviewFlags, AMacroAndAFileOfItsOwn) {
  const std::string mine = "#define private public\n#include <cstdio>\nFILE* f = fopen(\"/etc/passwd\", \"r\");\n";
  const auto flags = ReviewFlags("f.h", mine, {kShipped, kSolution});
  ASSERT_EQ(flags.size(), 2u) << ::testing::PrintToString(flags);
  EXPECT_EQ(flags[0], "f.h:1: defines or removes a macro (an assertion or a keyword could be redefined): `#define private public`");
  EXPECT_EQ(flags[1], "f.h:3: opens files: `FILE* f = fopen(\"/etc/passwd\", \"r\");`");
}

TEST(ReviewFlags, WhatAReferenceUsesIsNotFlagged) {
  // An exercise about child processes: fork and waitpid belong to it.
  const std::string shipped = "pid_t p = fork();\n// TODO: reap it\n";
  const std::string mine = "pid_t p = fork();\nwaitpid(p, nullptr, 0);\nkill(p, SIGTERM);\n";
  const auto flags = ReviewFlags("ex/spawn.h", mine, {shipped, "pid_t p = fork();\nwaitpid(p, nullptr, 0);\n"});
  ASSERT_EQ(flags.size(), 1u) << ::testing::PrintToString(flags);
  EXPECT_EQ(flags[0], "ex/spawn.h:3: a system call that a fix has no need of: `kill(p, SIGTERM);`");
}

TEST(ReviewFlags, CappedWithACount) {
  std::string many;
  for (int i = 0; i < 15; ++i) many += "_exit(" + std::to_string(i) + ");\n";
  const auto flags = ReviewFlags("f.h", many, {kShipped}, 10);
  ASSERT_EQ(flags.size(), 11u);
  EXPECT_EQ(flags.back(), "f.h: 5 more line(s) like these");
}

TEST(ReviewFlags, WordsInsideOtherWordsAreNotConstructs) {
  const std::string mine = "bool is_open(); std::system_error e; void on_exit_path(); int getenvironment_size;\n";
  EXPECT_TRUE(ReviewFlags("f.h", mine, {kShipped}).empty()) << ::testing::PrintToString(ReviewFlags("f.h", mine, {kShipped}));
}

}  // namespace
}  // namespace threadlings
