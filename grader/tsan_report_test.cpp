// Parses real ThreadSanitizer reports captured from g++ 12 and clang++ 14
// (tests/golden/capture.sh) and pins what the grader makes of them.
#include "tsan_report.h"

#include <gtest/gtest.h>

#include "kit.h"

namespace threadlings {
namespace {

class Golden : public ::testing::TestWithParam<std::string> {
 protected:
  std::vector<TsanReport> Load(const std::string& name) {
    std::string text;
    const fs::path path = fs::path(THREADLINGS_TEST_DATA_DIR) / "golden" / GetParam() / (name + ".txt");
    EXPECT_TRUE(ReadFile(path, &text)) << path;
    return ParseTsanLog(text);
  }
  static bool InProgram(const std::string& file, const std::string& program) {
    return file == "programs/" + program + ".cpp";
  }
};

TEST_P(Golden, DataRace) {
  const auto reports = Load("data_race");
  ASSERT_EQ(reports.size(), 1u);
  const TsanReport& r = reports[0];
  EXPECT_EQ(r.kind, "data-race");
  EXPECT_EQ(r.title, "data race");
  EXPECT_EQ(VerdictForReport(r), Verdict::kDataRace);
  const Condensed c = Condense(r, [](const std::string& f) { return InProgram(f, "data_race"); });
  ASSERT_GE(c.lines.size(), 2u);
  EXPECT_EQ(c.lines[0].substr(0, 53), "Read by main thread: programs/data_race.cpp:7 in main");
  EXPECT_EQ(c.lines[1], "Previous write by thread T1: programs/data_race.cpp:4 in bump");
  EXPECT_EQ(c.first.file, "programs/data_race.cpp");
  EXPECT_EQ(c.first.line, 7);
  EXPECT_NE(r.summary.find("data race"), std::string::npos);
}

TEST_P(Golden, LockOrderInversion) {
  const auto reports = Load("lock_order_inversion");
  ASSERT_EQ(reports.size(), 1u);
  const TsanReport& r = reports[0];
  EXPECT_EQ(r.kind, "lock-order-inversion");
  EXPECT_EQ(VerdictForReport(r), Verdict::kLockOrderInversion);
  ASSERT_FALSE(r.notes.empty());
  EXPECT_EQ(r.notes[0].rfind("Cycle in lock order graph: M", 0), 0u);
  const Condensed c = Condense(r, [](const std::string& f) { return InProgram(f, "lock_order_inversion"); });
  // Each acquisition points at the line of transfer() that took the lock.
  ASSERT_GE(c.lines.size(), 2u);
  EXPECT_NE(c.lines[0].find("acquired here while holding mutex"), std::string::npos) << c.lines[0];
  EXPECT_NE(c.lines[0].find("programs/lock_order_inversion.cpp:7 in transfer"), std::string::npos)
      << c.lines[0];
  EXPECT_NE(c.lines[1].find("programs/lock_order_inversion.cpp:6 in transfer"), std::string::npos)
      << c.lines[1];
  EXPECT_EQ(c.first.line, 7);
}

TEST_P(Golden, ThreadLeak) {
  const auto reports = Load("thread_leak");
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].kind, "thread-leak");
  EXPECT_EQ(VerdictForReport(reports[0]), Verdict::kThreadLeak);
  const Condensed c = Condense(reports[0], [](const std::string& f) { return InProgram(f, "thread_leak"); });
  ASSERT_EQ(c.lines.size(), 1u);
  EXPECT_EQ(c.lines[0].substr(0, 74),
            "Thread T1 (tid=1, finished) created by main thread: programs/thread_leak.c");
}

TEST_P(Golden, BadUnlockIsMisuse) {
  const auto reports = Load("bad_unlock");
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].kind, "mutex-bad-unlock");
  EXPECT_EQ(VerdictForReport(reports[0]), Verdict::kMisuse);
  const Condensed c = Condense(reports[0], [](const std::string& f) { return InProgram(f, "bad_unlock"); });
  ASSERT_FALSE(c.lines.empty());
  EXPECT_NE(c.lines[0].find("programs/bad_unlock.cpp:7"), std::string::npos) << c.lines[0];
}

INSTANTIATE_TEST_SUITE_P(Compilers, Golden, ::testing::Values("gcc", "clang"));

TEST(TsanReport, FrameFormats) {
  const auto reports = ParseTsanLog(
      "WARNING: ThreadSanitizer: data race (pid=7)\n"
      "  Write of size 8 at 0x7b04 by thread T2 (mutexes: write M1):\n"
      "    #0 Bank::transfer(Account&, Account&) /k/bank.h:21:5 (check+0x1234) (BuildId: abc123)\n"
      "    #1 <null> <null> (libstdc++.so.6+0xd44a2)\n"
      "SUMMARY: ThreadSanitizer: data race /k/bank.h:21:5 in Bank::transfer\n");
  ASSERT_EQ(reports.size(), 1u);
  ASSERT_EQ(reports[0].blocks.size(), 1u);
  const auto& frames = reports[0].blocks[0].frames;
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[0].function, "Bank::transfer(Account&, Account&)");
  EXPECT_EQ(frames[0].file, "/k/bank.h");
  EXPECT_EQ(frames[0].line, 21);
  EXPECT_EQ(frames[0].column, 5);
  EXPECT_EQ(frames[1].file, "");
  EXPECT_EQ(CleanHeading(reports[0].blocks[0].heading), "Write by thread T2");
  EXPECT_EQ(reports[0].summary, "data race /k/bank.h:21:5 in Bank::transfer");
}

TEST(TsanReport, FatalStartupIsRecognised) {
  EXPECT_TRUE(IsTsanFatal("FATAL: ThreadSanitizer: unexpected memory mapping 0x7f..."));
  EXPECT_FALSE(IsTsanFatal("WARNING: ThreadSanitizer: data race"));
}

TEST(TsanReport, NoReportInPlainOutput) {
  EXPECT_TRUE(ParseTsanLog("[==========] 1 test passed\n").empty());
}

}  // namespace
}  // namespace threadlings

namespace threadlings {
namespace {

TEST(TsanReport, ShortFunctionNames) {
  EXPECT_EQ(ShortFunction("HitCounter::hit(std::__cxx11::basic_string<char> const&)"), "HitCounter::hit");
  EXPECT_EQ(ShortFunction("operator()"), "operator()");
  EXPECT_EQ(ShortFunction("Foo::operator()(int) const"), "Foo::operator()");
  EXPECT_EQ(ShortFunction("main"), "main");
}

TEST(TsanReport, SystemFiles) {
  EXPECT_TRUE(IsSystemFile("/usr/include/c++/12/bits/std_mutex.h"));
  EXPECT_TRUE(IsSystemFile("../../../../src/libsanitizer/tsan/tsan_interceptors_posix.cpp"));
  EXPECT_FALSE(IsSystemFile("/home/me/kit/exercises/01_x/check.cpp"));
}

}  // namespace
}  // namespace threadlings
