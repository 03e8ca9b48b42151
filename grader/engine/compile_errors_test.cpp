// CondenseCompilerErrors on real g++ 12 and clang++ 14 output (tests/golden/*/compile_*.txt):
// an error raised inside a library template is shown at the learner's line that led to it.
#include <gtest/gtest.h>

#include <fstream>

#include "compile_errors.h"
#include "kit.h"

namespace threadlings {
namespace {

const fs::path kGolden = fs::path(THREADLINGS_TEST_DATA_DIR) / "golden";
const fs::path kKit = fs::path(THREADLINGS_TEST_DATA_DIR).parent_path();

std::string Golden(const std::string& compiler, const std::string& name) {
  std::string text;
  EXPECT_TRUE(ReadFile(kGolden / compiler / (name + ".txt"), &text));
  // The captures name the kit KIT/; put this checkout's path back.
  for (size_t at; (at = text.find("KIT/")) != std::string::npos;) text.replace(at, 4, kKit.string() + "/");
  // Read the learner's lines from the shipped copy, which a learner's edits do not change.
  const std::string edited = "02_thread_args_by_reference/slice_sums.h";
  for (size_t at = 0; (at = text.find(edited, at)) != std::string::npos; at += edited.size() + 10)
    text.replace(at, edited.size(), "02_thread_args_by_reference/.pristine/slice_sums.h");
  return text;
}

std::string Join(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += l + "\n";
  return s;
}

class CompileErrors : public ::testing::TestWithParam<const char*> {};

TEST_P(CompileErrors, TemplateErrorIsShownAtTheLearnersLine) {
  const fs::path learner = kKit / "exercises/02_thread_args_by_reference/.pristine/slice_sums.h";
  const auto lines = CondenseCompilerErrors(Golden(GetParam(), "compile_thread_args"), {learner});
  ASSERT_FALSE(lines.empty());
  const std::string shown = DisplayPath(learner);
  EXPECT_EQ(lines[0].rfind(shown + ":27:", 0), 0u) << Join(lines);
  EXPECT_NE(lines[0].find("std::thread arguments must be invocable after conversion to rvalues"), std::string::npos);
  EXPECT_EQ(lines[1], "   27 |     workers.push_back(std::thread(sum_slice, values, from, to, sums[i]));");
  EXPECT_NE(lines[2].find("(reported inside /usr/include/c++/12/bits/std_thread.h:12"), std::string::npos) << lines[2];
  // The cascade of errors from the same instantiation is one mistake: shown once.
  EXPECT_EQ(lines.size(), 3u) << Join(lines);
}

INSTANTIATE_TEST_SUITE_P(Compilers, CompileErrors, ::testing::Values("gcc", "clang"));

TEST(CompileErrorsPlain, AnErrorInTheLearnersFileComesFirst) {
  const std::string out =
      "/usr/include/x.h:3:1: error: something in a header\n"
      "  3 | int y\n"
      "    | ^\n"
      "/k/ex/a.h:10:5: error: 'foo' was not declared in this scope\n"
      "   10 |     foo();\n"
      "      |     ^~~\n";
  const auto lines = CondenseCompilerErrors(out, {"/k/ex/a.h"});
  ASSERT_GE(lines.size(), 4u);
  EXPECT_EQ(lines[0], "/k/ex/a.h:10:5: error: 'foo' was not declared in this scope");
  EXPECT_EQ(lines[1], "   10 |     foo();");
  EXPECT_EQ(lines[3], "/usr/include/x.h:3:1: error: something in a header");
}

}  // namespace
}  // namespace threadlings
