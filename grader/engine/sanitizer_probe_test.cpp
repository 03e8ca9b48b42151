// The canary logic, with a fake process runner standing in for the canary.
#include "sanitizer_probe.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace threadlings {
namespace {

const char* kReport = "WARNING: ThreadSanitizer: data race (pid=1)\n";
const char* kFatal = "FATAL: ThreadSanitizer: unexpected memory mapping 0x7f0000000000-0x7f0000001000\n";

fs::path LogDir() {
  return fs::temp_directory_path() / ("threadlings_probe_test_" + std::to_string(getpid()));
}

// A canary that works only when `works(no_aslr)` says so, and counts its runs.
ProcessRunner FakeCanary(std::function<bool(bool)> works, int* runs) {
  return [works, runs](const ProcessSpec& spec) {
    ++*runs;
    ProcessResult r;
    r.started = true;
    r.exit_code = 66;
    if (works(spec.no_aslr)) {
      std::ofstream(LogDir() / "tsan.42") << kReport;
    } else {
      r.output = kFatal;
    }
    return r;
  };
}

TEST(SanitizerProbe, WorkingSanitizerNeedsOneRun) {
  int runs = 0;
  const ProbeResult p = ProbeSanitizer("/canary", LogDir(), "g++", FakeCanary([](bool) { return true; }, &runs));
  EXPECT_TRUE(p.ok);
  EXPECT_FALSE(p.no_aslr);
  EXPECT_EQ(runs, 1);
}

TEST(SanitizerProbe, RetriesWithoutAddressSpaceRandomisationAndSaysSo) {
  int runs = 0;
  const ProbeResult p = ProbeSanitizer("/canary", LogDir(), "g++",
                                       FakeCanary([](bool no_aslr) { return no_aslr; }, &runs));
  EXPECT_TRUE(p.ok);
  EXPECT_TRUE(p.no_aslr);
  EXPECT_EQ(runs, 2);
  EXPECT_NE(p.note.find("address-space randomisation"), std::string::npos);
  EXPECT_NE(p.note.find("vm.mmap_rnd_bits=28"), std::string::npos);
}

TEST(SanitizerProbe, NeverGradesWithoutTheSanitizer) {
  int runs = 0;
  const ProbeResult p = ProbeSanitizer("/canary", LogDir(), "clang++",
                                       FakeCanary([](bool) { return false; }, &runs));
  EXPECT_FALSE(p.ok);
  EXPECT_EQ(runs, 2);
  EXPECT_NE(p.error.find("ThreadSanitizer does not work with 'clang++'"), std::string::npos);
  EXPECT_NE(p.error.find("unexpected memory mapping"), std::string::npos);
  EXPECT_NE(p.error.find("libclang-rt-14-dev"), std::string::npos);
}

TEST(SanitizerProbe, ACanaryThatReportsNothingIsNotEnough) {
  // Exit code 66 without a report (e.g. the program itself exits 66) does not count.
  int runs = 0;
  const ProcessRunner silent = [&runs](const ProcessSpec&) {
    ++runs;
    ProcessResult r;
    r.started = true;
    r.exit_code = 66;
    return r;
  };
  EXPECT_FALSE(ProbeSanitizer("/canary", LogDir(), "g++", silent).ok);
}

// A stand-in canary binary of its own per test (the cache is per process).
fs::path CanaryFile(const std::string& name) {
  const fs::path f = fs::temp_directory_path() / ("threadlings_probe_canary_" + name + "_" + std::to_string(getpid()));
  std::ofstream(f) << "canary";
  return f;
}

TEST(SanitizerProbe, AWorkingSanitizerIsProbedOncePerCanaryBinary) {
  const fs::path canary = CanaryFile("works");
  int runs = 0;
  const ProcessRunner works = FakeCanary([](bool) { return true; }, &runs);
  EXPECT_TRUE(ProbeSanitizerOnce(canary, LogDir(), "g++", works).ok);
  EXPECT_TRUE(ProbeSanitizerOnce(canary, LogDir(), "g++", works).ok);
  EXPECT_EQ(runs, 1);
  // A rebuilt canary is probed again.
  fs::last_write_time(canary, fs::last_write_time(canary) + std::chrono::seconds(1));
  EXPECT_TRUE(ProbeSanitizerOnce(canary, LogDir(), "g++", works).ok);
  EXPECT_EQ(runs, 2);
  fs::remove(canary);
}

TEST(SanitizerProbe, AFailureIsProbedAgainEveryTime) {
  const fs::path canary = CanaryFile("fails");
  int runs = 0;
  const ProcessRunner fails = FakeCanary([](bool) { return false; }, &runs);
  EXPECT_FALSE(ProbeSanitizerOnce(canary, LogDir(), "g++", fails).ok);
  EXPECT_FALSE(ProbeSanitizerOnce(canary, LogDir(), "g++", fails).ok);
  EXPECT_EQ(runs, 4);  // two tries each (with and without randomisation)
  fs::remove(canary);
}

}  // namespace
}  // namespace threadlings
