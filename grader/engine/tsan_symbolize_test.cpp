// Frames ThreadSanitizer printed without a file, placed again with llvm-symbolizer: the
// rewriting on a fixed answer, and the real llvm-symbolizer on a real binary.
#include "tsan_symbolize.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "tsan_report.h"

namespace threadlings {
namespace {

const char* kLog =
    "WARNING: ThreadSanitizer: data race (pid=1)\n"
    "  Previous write of size 8 at 0x7b08000000c0 by thread T2:\n"
    "    #0 sum_slice(long&) <null> (check+0xe2e8)\n"
    "    #1 std::thread::_State_impl<...>::_M_run() <null> (check+0xe375)\n"
    "    #2 <null> <null> (libstdc++.so.6+0xd44a2)\n"
    "  Location is heap block of size 32 at 0x7b08000000c0 allocated by main thread:\n"
    "    #1 slice_sums(int) <null> (check+0x0e83d)\n"
    "    #2 Test::TestBody() /k/ex/check.cpp:60 (check+0xa1cb)\n";

TEST(TsanSymbolize, UnplacedFramesOfTheBinaryAreAskedOnceAndReplacedByTheirInlineChain) {
  std::vector<std::string> argv;
  auto run = [&](const ProcessSpec& spec) {
    argv = spec.argv;
    ProcessResult r;
    r.started = true;
    r.exit_code = 0;
    r.output =
        "0xe2e8\nsum_slice(long&)\n/k/learner/slice_sums.h:16:47\n\n"
        "0xe375\n??\n??:0:0\n\n"
        "0xe83d\nstd::vector<long>::vector(unsigned long)\n/usr/include/c++/12/bits/stl_vector.h:566:47\n"
        "slice_sums(int)\n/k/learner/slice_sums.h:21:34\n\n";
    return r;
  };
  const std::string out = SymbolizeMissingFrames(kLog, "/k/build/ex/check", "/usr/bin/llvm-symbolizer-14", {}, run);
  EXPECT_EQ(argv, (std::vector<std::string>{"/usr/bin/llvm-symbolizer-14", "--obj=/k/build/ex/check", "--inlining",
                                            "--demangle", "--print-address", "0xe2e8", "0xe375", "0x0e83d"}));
  EXPECT_EQ(out,
            "WARNING: ThreadSanitizer: data race (pid=1)\n"
            "  Previous write of size 8 at 0x7b08000000c0 by thread T2:\n"
            "    #0 sum_slice(long&) /k/learner/slice_sums.h:16:47 (check+0xe2e8)\n"
            "    #1 std::thread::_State_impl<...>::_M_run() <null> (check+0xe375)\n"
            "    #2 <null> <null> (libstdc++.so.6+0xd44a2)\n"
            "  Location is heap block of size 32 at 0x7b08000000c0 allocated by main thread:\n"
            "    #1 std::vector<long>::vector(unsigned long) /usr/include/c++/12/bits/stl_vector.h:566:47 "
            "(check+0x0e83d)\n"
            "    #1 slice_sums(int) /k/learner/slice_sums.h:21:34 (check+0x0e83d)\n"
            "    #2 Test::TestBody() /k/ex/check.cpp:60 (check+0xa1cb)\n");
  // The parser reads the new frames: the learner's line is now a frame of its own.
  const auto reports = ParseTsanLog(out);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].blocks[0].frames[0].file, "/k/learner/slice_sums.h");
  EXPECT_EQ(reports[0].blocks[0].frames[0].line, 16);
}

TEST(TsanSymbolize, ALogWithNothingToPlaceOrAFailingAddr2lineIsKept) {
  int calls = 0;
  auto fail = [&](const ProcessSpec&) {
    ++calls;
    ProcessResult r;
    r.started = true;
    r.exit_code = 1;
    return r;
  };
  const std::string placed = "    #0 f() /k/a.h:3 (check+0x10)\n";
  EXPECT_EQ(SymbolizeMissingFrames(placed, "/k/check", "llvm-symbolizer", {}, fail), placed);
  EXPECT_EQ(calls, 0);
  EXPECT_EQ(SymbolizeMissingFrames(kLog, "/k/check", "llvm-symbolizer", {}, fail), kLog);
  EXPECT_EQ(calls, 1);
  // Another binary's frames are not this binary's to place; without the tool nothing is asked.
  EXPECT_EQ(SymbolizeMissingFrames(kLog, "/k/other", "llvm-symbolizer", {}, fail), kLog);
  EXPECT_EQ(SymbolizeMissingFrames(kLog, "/k/check", "", {}, fail), kLog);
  EXPECT_EQ(calls, 1);
}

// The real llvm-symbolizer on a real binary: an inline function of a header, found by its
// address (addr2line 2.40 names main.cpp here).
TEST(TsanSymbolize, TheSymbolizerPlacesAFunctionOfAHeader) {
  const std::string symbolizer = FindSymbolizer();
  if (symbolizer.empty()) GTEST_SKIP() << "llvm-symbolizer is not installed (Debian package llvm-14)";
  const fs::path dir = fs::temp_directory_path() / ("tl-a2l-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "learner.h") << "#pragma once\ninline int twice(int x) {\n  return 2 * x;\n}\n";
  std::ofstream(dir / "main.cpp") << "#include \"learner.h\"\nint (*volatile p)(int) = twice;\n"
                                     "int main(int argc, char**) { return p(argc); }\n";
  const std::string bin = (dir / "prog").string();
  ASSERT_EQ(std::system(("g++ -g -O0 -o '" + bin + "' '" + (dir / "main.cpp").string() + "'").c_str()), 0);
  FILE* nm = popen(("nm '" + bin + "' | grep ' _Z5twicei$'").c_str(), "r");
  ASSERT_NE(nm, nullptr);
  char buf[128] = {};
  const bool got = std::fgets(buf, sizeof buf, nm) != nullptr;
  pclose(nm);
  ASSERT_TRUE(got);
  const std::string address = std::string(buf).substr(0, 16);
  const std::string log = "    #0 twice(int) <null> (prog+0x" + address + ")\n";
  const std::string out = SymbolizeMissingFrames(log, bin, symbolizer);
  EXPECT_NE(out.find("twice(int) " + (dir / "learner.h").string() + ":2:"), std::string::npos) << out;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace threadlings
