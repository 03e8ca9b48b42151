// The gate-aware lock-order checker (support/threadlings/lock_order.cpp) on its own: each
// scenario of tests/lock_order/probe.cpp runs in a process of its own with the checker on, and
// its records (THREADLINGS_RESULT) are compared with what the checker must say.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "classify.h"
#include "process.h"
#include <unistd.h>

namespace threadlings {
namespace {

const fs::path kProbe = THREADLINGS_LOCK_ORDER_PROBE;
const fs::path kSource = fs::path(THREADLINGS_SOURCE_DIR) / "tests" / "lock_order" / "probe.cpp";

struct ScenarioRun {
  ProcessResult process;
  std::vector<CheckRecord> records;
};

ScenarioRun RunScenario(const std::string& test) {
  const fs::path dir = fs::temp_directory_path() / ("tl-lock-order-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path result = dir / (test + ".jsonl");
  fs::remove(result);
  ProcessSpec spec;
  spec.argv = {kProbe.string(), "--gtest_filter=LockOrder." + test};
  spec.env = {{"THREADLINGS_LOCK_ORDER", "1"}, {"THREADLINGS_RESULT", result.string()},
              {"TSAN_OPTIONS", "detect_deadlocks=0 halt_on_error=1"}};
  spec.timeout = std::chrono::seconds(60);
  spec.no_aslr = true;
  ScenarioRun r;
  r.process = RunProcess(spec);
  std::string text;
  if (ReadFile(result, &text)) r.records = ParseRecords(text);
  fs::remove_all(dir);
  return r;
}

// The line of probe.cpp marked "// site:NAME".
int SiteLine(const std::string& name) {
  std::ifstream in(kSource);
  int n = 0;
  for (std::string line; std::getline(in, line);)
    if (++n, line.find("// site:" + name) != std::string::npos) return n;
  return -1;
}

TEST(LockOrderChecker, OppositeOrdersInTwoThreadsAreACycleAtTheLineThatClosedIt) {
  const ScenarioRun r = RunScenario("OppositeOrdersInTwoThreads");
  ASSERT_EQ(r.records.size(), 1u) << r.process.output;
  EXPECT_EQ(r.records[0].verdict, "lock-order-inversion");
  EXPECT_EQ(fs::path(r.records[0].file).filename(), "probe.cpp");
  EXPECT_EQ(r.records[0].line, SiteLine("opposite"));
}

TEST(LockOrderChecker, WhatCannotDeadlockIsNotReported) {
  for (const char* test : {"OppositeOrdersUnderOneGate", "OppositeOrdersInOneThread", "TryLockAddsNoEdge",
                           "ScopedLockOfBoth", "RelockingARecursiveMutex"}) {
    const ScenarioRun r = RunScenario(test);
    EXPECT_TRUE(r.records.empty()) << test << ": " << r.records.front().verdict << " " << r.records.front().message;
    EXPECT_EQ(r.process.exit_code, 0) << test << "\n" << r.process.output;
  }
}

TEST(LockOrderChecker, RelockingAPlainMutexIsADeadlockAtOnce) {
  const ScenarioRun r = RunScenario("RelockingAPlainMutex");
  EXPECT_FALSE(r.process.timed_out);
  ASSERT_EQ(r.records.size(), 1u) << r.process.output;
  EXPECT_EQ(r.records[0].verdict, "deadlock");
  EXPECT_EQ(r.records[0].line, SiteLine("relock"));
  EXPECT_NE(r.records[0].message.find("already holds"), std::string::npos) << r.records[0].message;
}

TEST(LockOrderChecker, TheLastUnlockHookRuns) {
  const ScenarioRun r = RunScenario("TheLastUnlockHookRunsOncePerOutermostUnlock");
  EXPECT_EQ(r.process.exit_code, 0) << r.process.output;
}

}  // namespace
}  // namespace threadlings
