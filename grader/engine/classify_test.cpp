#include "classify.h"

#include <gtest/gtest.h>

#include <algorithm>

#include <csignal>

namespace threadlings {
namespace {

LearnerFiles Learner() {
  LearnerFiles lf;
  lf.files = {"/kit/ex/bank.h"};
  lf.todo = {"/kit/ex/bank.h", 12};
  return lf;
}

CheckFacts Finished(int tests_run = 1) {
  CheckFacts f;
  f.test = "Bank.Transfers";
  f.process.started = true;
  f.process.exit_code = 0;
  f.gtest_finished = true;
  f.tests_run = tests_run;
  return f;
}

const char* kRace =
    "WARNING: ThreadSanitizer: data race (pid=1)\n"
    "  Write of size 8 at 0x1 by thread T1:\n"
    "    #0 std::vector<int>::push_back /usr/include/c++/12/bits/stl_vector.h:1287 (x+0x1)\n"
    "    #1 Bank::deposit /kit/ex/bank.h:30 (x+0x2)\n"
    "  Previous read of size 8 at 0x1 by main thread:\n"
    "    #0 Bank::total /kit/ex/bank.h:41 (x+0x3)\n";

TEST(Classify, PassNeedsAFinishedCleanRun) {
  EXPECT_EQ(Classify(Finished(), Learner()).verdict, Verdict::kPass);
}

TEST(Classify, TsanReportWinsAndPointsAtTheLearnersLine) {
  CheckFacts f = Finished();
  f.process.exit_code = 66;
  f.tsan_log = kRace;
  f.records.push_back({"starvation", "late", "", 0});
  const Outcome o = Classify(f, Learner());
  EXPECT_EQ(o.verdict, Verdict::kDataRace);
  EXPECT_EQ(o.where.file, "/kit/ex/bank.h");
  EXPECT_EQ(o.where.line, 30);
  ASSERT_EQ(o.details.size(), 2u);
  EXPECT_EQ(o.details[0], "Thread T1 writes: /kit/ex/bank.h:30 in Bank::deposit, holding no mutex");
  EXPECT_EQ(o.details[1], "Main thread read it earlier: /kit/ex/bank.h:41 in Bank::total, holding no mutex");
}

// The verdict of each report g++'s and clang++'s ThreadSanitizer print (tests/golden): the
// verdict is decided here, the report parser only parses.
class GoldenReport : public ::testing::TestWithParam<std::string> {
 protected:
  Verdict VerdictFor(const std::string& name) {
    CheckFacts f = Finished();
    f.process.exit_code = 66;
    const fs::path path = fs::path(THREADLINGS_TEST_DATA_DIR) / "golden" / GetParam() / (name + ".txt");
    EXPECT_TRUE(ReadFile(path, &f.tsan_log)) << path;
    return Classify(f, Learner()).verdict;
  }
};

TEST_P(GoldenReport, DataRace) { EXPECT_EQ(VerdictFor("data_race"), Verdict::kDataRace); }
TEST_P(GoldenReport, LockOrderInversion) {
  EXPECT_EQ(VerdictFor("lock_order_inversion"), Verdict::kLockOrderInversion);
}
TEST_P(GoldenReport, ThreadLeak) { EXPECT_EQ(VerdictFor("thread_leak"), Verdict::kThreadLeak); }
TEST_P(GoldenReport, BadUnlockIsMisuse) { EXPECT_EQ(VerdictFor("bad_unlock"), Verdict::kMisuse); }

INSTANTIATE_TEST_SUITE_P(Compilers, GoldenReport, ::testing::Values("gcc", "clang"));

// Every kind of report, by its title: misuse of the API, or a crash (use after free, and
// whatever this grader does not know yet).
// A vector reallocated (freed) by one thread while another writes through a reference into
// it: the same unordered pair as a race, whichever access ThreadSanitizer saw first.
TEST(Classify, MemoryFreedByAnotherThreadIsADataRace) {
  CheckFacts f = Finished();
  f.tsan_log =
      "WARNING: ThreadSanitizer: heap-use-after-free (pid=1)\n"
      "  Write of size 8 at 0x7b0400000010 by thread T1:\n"
      "    #0 sum_slice /kit/ex/bank.h:20 (x+0x3)\n"
      "\n"
      "  Previous write of size 8 at 0x7b0400000010 by main thread:\n"
      "    #0 operator delete(void*) <null> (libtsan.so.2+0x1)\n"
      "    #1 slice_sums /kit/ex/bank.h:30 (x+0x3)\n";
  EXPECT_EQ(Classify(f, Learner()).verdict, Verdict::kDataRace);
  // The same thread using what it freed itself is a crash, not a race.
  const std::string own = "main thread:";
  f.tsan_log.replace(f.tsan_log.find("thread T1:"), 10, own);
  EXPECT_EQ(Classify(f, Learner()).verdict, Verdict::kCrash);
}

// A payload the check wrote before calling the learner's set() and read after wait() returned:
// both accesses are the check's, and the message says what the learner's code failed to do.
TEST(Classify, ARaceBetweenTheChecksOwnAccessesSaysWhatYourCodeMustOrder) {
  CheckFacts f = Finished();
  f.process.exit_code = 66;
  f.tsan_log =
      "WARNING: ThreadSanitizer: data race (pid=1)\n"
      "  Read of size 4 at 0x1 by thread T1:\n"
      "    #0 saw_loaded_config /kit/ex/check.cpp:94 (x+0x3)\n"
      "\n"
      "  Previous write of size 4 at 0x1 by thread T2:\n"
      "    #0 operator() /kit/ex/check.cpp:127 (x+0x4)\n";
  const Outcome o = Classify(f, Learner());
  EXPECT_EQ(o.verdict, Verdict::kDataRace);
  EXPECT_EQ(o.where.line, 12);  // the learner's TODO
  ASSERT_GE(o.details.size(), 3u);
  EXPECT_EQ(o.details[0].rfind("Neither access is in your files", 0), 0u);
  // One access in the learner's file: no such line.
  f.tsan_log.replace(f.tsan_log.find("/kit/ex/check.cpp:127"), 21, "/kit/ex/bank.h:7");
  for (const auto& d : Classify(f, Learner()).details) EXPECT_EQ(d.find("Neither access"), std::string::npos);
}

TEST(Classify, EveryReportKindHasItsVerdict) {
  const std::pair<const char*, Verdict> cases[] = {
      {"data race", Verdict::kDataRace},
      {"lock-order-inversion (potential deadlock)", Verdict::kLockOrderInversion},
      {"thread leak", Verdict::kThreadLeak},
      {"heap-use-after-free", Verdict::kCrash},
      {"unlock of an unlocked mutex (or by a wrong thread)", Verdict::kMisuse},
      {"read lock of a write locked mutex", Verdict::kMisuse},
      {"read unlock of a write locked mutex", Verdict::kMisuse},
      {"double lock of a mutex", Verdict::kMisuse},
      {"destroy of a locked mutex", Verdict::kMisuse},
      {"use of an invalid mutex (e.g. uninitialized or destroyed)", Verdict::kMisuse},
      {"signal-unsafe call inside of a signal", Verdict::kMisuse},
      {"signal handler spoils errno", Verdict::kMisuse},
      {"something new", Verdict::kCrash},
  };
  for (const auto& [title, verdict] : cases) {
    CheckFacts f = Finished();
    f.tsan_log = std::string("WARNING: ThreadSanitizer: ") + title + " (pid=1)\n"
                 "    #0 Bank::total /kit/ex/bank.h:41 (x+0x3)\n";
    const Outcome o = Classify(f, Learner());
    EXPECT_EQ(o.verdict, verdict) << title;
    EXPECT_EQ(o.summary, std::string("ThreadSanitizer: ") + title);
  }
}

// Issue 14: no input may crash the grader. A report whose lines hold a learner's names of
// 100,000 characters still gives its verdict, and what is shown is cut.
TEST(Classify, AReportWithHugeLinesIsCutNotACrash) {
  const std::string huge(100'000, 'q');
  CheckFacts f = Finished();
  f.process.exit_code = 66;
  f.tsan_log = "WARNING: ThreadSanitizer: data race " + huge + " (pid=1)\n"
               "  Write of size 8 at 0x1 by thread T1:\n"
               "    #0 Bank::" + huge + "() /kit/ex/bank.h:30 (x+0x2)\n"
               "  Previous read of size 8 at 0x1 by main thread:\n"
               "    #0 Bank::total /kit/ex/bank.h:41 (x+0x3)\n"
               "  Location is global '" + huge + "' of size 8 at 0x1 (x+0x4)\n";
  const Outcome o = Classify(f, Learner());
  EXPECT_EQ(o.verdict, Verdict::kDataRace);
  EXPECT_EQ(o.where.line, 30);
  EXPECT_EQ(o.summary.size(), 1000u + std::string("... (99027 characters cut)").size());
  EXPECT_EQ(o.summary.substr(1000), "... (99027 characters cut)");
  ASSERT_EQ(o.details.size(), 3u);
  EXPECT_EQ(o.details[0].rfind("Thread T1 writes: /kit/ex/bank.h:30 in Bank::qqq", 0), 0u);
  EXPECT_NE(o.details[0].find(" characters cut)"), std::string::npos);
  EXPECT_EQ(o.details[1], "Main thread read it earlier: /kit/ex/bank.h:41 in Bank::total, holding no mutex");
  EXPECT_EQ(o.details[2].rfind("The memory is the global variable 'qqq", 0), 0u);
  for (const auto& d : o.details) EXPECT_LE(d.size(), 1040u);
}

TEST(Classify, RecordGivesItsVerdict) {
  CheckFacts f = Finished();
  f.process.exit_code = 1;
  f.records.push_back({"starvation", "the writer waited 1.2 s, bound 200 ms", "check.cpp", 40});
  f.failures.push_back({"check.cpp", 40, "[starvation] ..."});
  const Outcome o = Classify(f, Learner());
  EXPECT_EQ(o.verdict, Verdict::kStarvation);
  EXPECT_EQ(o.summary, "the writer waited 1.2 s, bound 200 ms");
  EXPECT_EQ(o.where.line, 12);  // the learner's TODO
}

TEST(Classify, RecordMadeInTheLearnersFilePointsAtItsLine) {
  CheckFacts f = Finished();
  f.process.exit_code = 1;
  const LearnerFiles learner = Learner();
  f.records.push_back({"lock-order-inversion", "locks taken in opposite orders", learner.files[0].string(), 27});
  const Outcome o = Classify(f, learner);
  EXPECT_EQ(o.verdict, Verdict::kLockOrderInversion);
  EXPECT_EQ(o.where.file, learner.files[0].string());
  EXPECT_EQ(o.where.line, 27);
}

TEST(Classify, TerminateWinsOverTheThreadLeakItLeavesBehind) {
  CheckFacts f;
  f.process.started = true;
  f.process.exit_code = 66;
  f.tsan_log = "WARNING: ThreadSanitizer: thread leak (pid=1)\n  Thread T1 (tid=2, finished) created by main thread at:\n";
  f.records.push_back({"crash", "an exception escaped: boom", "", 0});
  const Outcome o = Classify(f, Learner());
  EXPECT_EQ(o.verdict, Verdict::kCrash);
  EXPECT_EQ(o.summary, "an exception escaped: boom");
}

TEST(Classify, UnknownRecordVerdictIsAWrongResult) {
  CheckFacts f = Finished();
  f.records.push_back({"pass", "forged", "", 0});
  EXPECT_EQ(Classify(f, Learner()).verdict, Verdict::kWrongResult);
}

TEST(Classify, BlockedTimeoutIsDeadlockAndSpinningIsTimeout) {
  CheckFacts f;
  f.process.started = true;
  f.process.timed_out = true;
  f.process.hang = HangKind::kBlocked;
  EXPECT_EQ(Classify(f, Learner()).verdict, Verdict::kDeadlock);
  f.process.hang = HangKind::kSpinning;
  EXPECT_EQ(Classify(f, Learner()).verdict, Verdict::kTimeout);
}

TEST(Classify, SignalIsACrash) {
  CheckFacts f;
  f.process.started = true;
  f.process.signal = SIGSEGV;
  const Outcome o = Classify(f, Learner());
  EXPECT_EQ(o.verdict, Verdict::kCrash);
  EXPECT_EQ(o.summary, "the check was killed by SIGSEGV");
}

TEST(Classify, TerminateExitCodeIsACrash) {
  CheckFacts f;
  f.process.started = true;
  f.process.exit_code = 77;
  EXPECT_EQ(Classify(f, Learner()).verdict, Verdict::kCrash);
}

TEST(Classify, ExitingBeforeTheEndIsNotAPass) {
  CheckFacts f;
  f.process.started = true;
  f.process.exit_code = 0;  // e.g. the learner's code called exit(0)
  const Outcome o = Classify(f, Learner());
  EXPECT_EQ(o.verdict, Verdict::kCrash);
  EXPECT_EQ(o.summary.rfind("the check ended before it finished (exit code 0)", 0), 0u);
}

TEST(Classify, FailedAssertionIsAWrongResult) {
  CheckFacts f = Finished();
  f.process.exit_code = 1;
  f.failures.push_back({"/kit/ex/check.cpp", 50, "Expected equality of these values:\n  total\n    Which is: 7\n  8"});
  const Outcome o = Classify(f, Learner());
  EXPECT_EQ(o.verdict, Verdict::kWrongResult);
  EXPECT_EQ(o.summary, "Expected equality of these values: total Which is: 7 8");
  EXPECT_EQ(o.details.back(), "checked at /kit/ex/check.cpp:50");
}

TEST(Classify, TheChecksOwnWordsAfterGoogleTestsAreTheSummary) {
  CheckFacts f = Finished();
  f.process.exit_code = 1;
  f.failures.push_back({"/kit/ex/check.cpp", 50,
                        "Expected equality of these values:\n  half_done_seen\n    Which is: 3\n  0\n"
                        "an audit saw a transfer half done\nmove the money under both locks"});
  Outcome o = Classify(f, Learner());
  EXPECT_EQ(o.summary, "an audit saw a transfer half done");
  EXPECT_EQ(o.details.front(), "Expected equality of these values:");
  EXPECT_NE(std::find(o.details.begin(), o.details.end(), "move the money under both locks"), o.details.end());
  f.failures[0].message = "Value of: moved\n  Actual: false\nExpected: true\ntransfer(a, b, 30) returned false";
  o = Classify(f, Learner());
  EXPECT_EQ(o.summary, "transfer(a, b, 30) returned false");
}

TEST(Classify, AddFailureMessageIsTheSummary) {
  CheckFacts f = Finished();
  f.process.exit_code = 1;
  f.failures.push_back({"/kit/ex/check.cpp", 12, "Failed\nthe callback ran twice for request 3\nexpected once"});
  const Outcome o = Classify(f, Learner());
  EXPECT_EQ(o.verdict, Verdict::kWrongResult);
  EXPECT_EQ(o.summary, "the callback ran twice for request 3");
  EXPECT_EQ(o.details.front(), "expected once");
}

TEST(Classify, MissingTestIsTheKitsError) {
  EXPECT_EQ(Classify(Finished(0), Learner()).verdict, Verdict::kError);
}

TEST(Records, ParsesLinesAndSkipsGarbage) {
  const auto r = ParseRecords(
      "{\"verdict\":\"thread-leak\",\"message\":\"2 left\",\"file\":\"c.cpp\",\"line\":9}\n"
      "not json\n");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].verdict, "thread-leak");
  EXPECT_EQ(r[0].line, 9);
}

TEST(GtestJson, ReadsFailures) {
  CheckFacts f;
  ASSERT_TRUE(ParseGtestJson(R"({"testsuites":[{"name":"A","testsuite":[{"name":"B","status":"RUN",
      "result":"COMPLETED","failures":[{"failure":"/k/check.cpp:12\nValue of: ok\n  Actual: false","type":""}]}]}]})",
                             &f));
  EXPECT_TRUE(f.gtest_finished);
  EXPECT_EQ(f.tests_run, 1);
  ASSERT_EQ(f.failures.size(), 1u);
  EXPECT_EQ(f.failures[0].file, "/k/check.cpp");
  EXPECT_EQ(f.failures[0].line, 12);
  EXPECT_EQ(f.failures[0].message, "Value of: ok\n  Actual: false");
}

TEST(GtestJson, AnExceptionHasNoLocation) {
  CheckFacts f;
  ASSERT_TRUE(ParseGtestJson(R"({"testsuites":[{"name":"A","testsuite":[{"name":"B","status":"RUN",
      "result":"COMPLETED","failures":[{"failure":"unknown file\nC++ exception with description \"boom\" thrown in the test body.","type":""}]}]}]})",
                             &f));
  ASSERT_EQ(f.failures.size(), 1u);
  EXPECT_EQ(f.failures[0].file, "");
  EXPECT_EQ(f.failures[0].message, "C++ exception with description \"boom\" thrown in the test body.");
}

TEST(Classify, AnEscapedExceptionIsNamedWithWhatItUsuallyMeans) {
  CheckFacts f = Finished();
  f.process.exit_code = 1;
  f.failures = {{"", 0, "C++ exception with description \"bad_function_call\" thrown in the test body."}};
  Outcome o = Classify(f, Learner());
  EXPECT_EQ(o.verdict, Verdict::kWrongResult);
  EXPECT_EQ(o.summary, "an exception escaped into the check: bad_function_call");
  ASSERT_EQ(o.details.size(), 1u);
  EXPECT_EQ(o.details[0].rfind("usually: a std::function was called while empty", 0), 0u);
  f.failures = {{"", 0, "C++ exception with description \"boom\" thrown in the test body."}};
  o = Classify(f, Learner());
  EXPECT_EQ(o.summary, "an exception escaped into the check: boom");
  EXPECT_TRUE(o.details.empty());
}

TEST(GtestJson, RejectsGarbage) {
  CheckFacts f;
  EXPECT_FALSE(ParseGtestJson("{", &f));
  EXPECT_FALSE(f.gtest_finished);
}

TEST(Seed, IsTheHarnesssNumber) {
  EXPECT_EQ(SeedOf("[ RUN ] A.B\nthreadlings-check: seed 1234 (repeat with THREADLINGS_SEED=1234)\n"), "1234");
  EXPECT_EQ(SeedOf("threadlings-check: seed \nthreadlings-check: seed 7\n"), "7");
  EXPECT_EQ(SeedOf("no seed here\n"), "");
}

// Issue 14: a check's output is the learner's to fill. A line of 100,000 characters around the
// seed marker, and a "seed" of 100,000 digits, crashed the grader (std::regex, exit 139).
TEST(Seed, HugeLinesAreNotACrash) {
  const std::string digits(100'000, '7');
  EXPECT_EQ(SeedOf(std::string(100'000, 'x') + "threadlings-check: seed 42 " + std::string(100'000, 'y')), "42");
  EXPECT_EQ(SeedOf("threadlings-check: seed " + digits + "\nthreadlings-check: seed 42\n"), "42");
  EXPECT_EQ(SeedOf("threadlings-check: seed " + digits), "");
}

}  // namespace
}  // namespace threadlings
