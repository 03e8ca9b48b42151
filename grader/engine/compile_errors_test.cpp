// CondenseCompilerErrors on real g++ 12 and clang++ 14 output (tests/golden/*/compile_*.txt):
// an error raised inside a library template is shown at the learner's line that led to it.
#include <gtest/gtest.h>

#include <unistd.h>

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

// Issue 14: a learner's file with one line of 60,000+ characters that fails to compile. The
// compiler quotes the line under its diagnostic; no input may crash the grader (std::regex
// overflowed the stack on such a line), and what is shown is cut to a readable length.
TEST(CompileErrorsPlain, AHugeLineIsCutNotACrash) {
  const std::string huge(100'000, 'x');
  const std::string out =
      "/k/ex/a.h:1:100001: error: expected ';' at end of input\n"
      "    1 | int " + huge + "\n"
      "      |     " + std::string(100'000, '~') + "^\n"
      "/k/ex/a.h:2:5: error: '" + huge + "' was not declared in this scope\n"
      "/usr/include/x.h:3:1: error: " + huge + "\n";
  const auto lines = CondenseCompilerErrors(out, {"/k/ex/a.h"});
  ASSERT_EQ(lines.size(), 5u) << Join(lines);
  EXPECT_EQ(lines[0], "/k/ex/a.h:1:100001: error: expected ';' at end of input");
  for (size_t i = 1; i < lines.size(); ++i) {
    EXPECT_LE(lines[i].size(), 1040u) << i;
    EXPECT_NE(lines[i].find(" characters cut)"), std::string::npos) << lines[i].substr(0, 80);
  }
  EXPECT_EQ(lines[1].rfind("    1 | int xxx", 0), 0u);
  EXPECT_EQ(lines[1].substr(1000), "... (99012 characters cut)");
  EXPECT_EQ(lines[3].rfind("/k/ex/a.h:2:5: error: 'xxx", 0), 0u);
  EXPECT_EQ(lines[4].rfind("/usr/include/x.h:3:1: error: xxx", 0), 0u);
}

// The learner's own line, quoted where an error inside a template is moved to it, is cut too.
TEST(CompileErrorsPlain, AHugeLearnerLineQuotedAtAMovedErrorIsCut) {
  const fs::path file = fs::temp_directory_path() / ("threadlings_compile_errors_" + std::to_string(getpid()) + ".h");
  {
    std::ofstream f(file);
    f << "int a;\nauto t = std::thread(f, " << std::string(70'000, 'v') << ");\n";
  }
  const std::string out =
      "/usr/include/c++/12/bits/std_thread.h: In instantiation of 'std::thread::thread(...)':\n" +
      file.string() + ":2:10:   required from here\n"
      "/usr/include/c++/12/bits/std_thread.h:157:72: error: static assertion failed\n";
  const auto lines = CondenseCompilerErrors(out, {file});
  fs::remove(file);
  ASSERT_EQ(lines.size(), 3u) << Join(lines);
  EXPECT_EQ(lines[0], DisplayPath(file) + ":2:10: error: static assertion failed");
  EXPECT_EQ(lines[1].rfind("    2 | auto t = std::thread(f, vvv", 0), 0u);
  EXPECT_EQ(lines[1].substr(1000), "... (69034 characters cut)");
}

TEST(ErrorSite, IsTheFirstLinesFileAndLine) {
  Location where;
  ASSERT_TRUE(ErrorSite("/k/ex/a.h:10:5: error: 'foo' was not declared\n   10 |     foo();", &where));
  EXPECT_EQ(where.file, "/k/ex/a.h");
  EXPECT_EQ(where.line, 10);
  ASSERT_TRUE(ErrorSite("C:x:3:4: error: y", &where));
  EXPECT_EQ(where.file, "C:x");
  EXPECT_EQ(where.line, 3);
  where = {"unchanged", 1};
  EXPECT_FALSE(ErrorSite("collect2: error: ld returned 1 exit status", &where));
  EXPECT_FALSE(ErrorSite("a.h\n:1:2: error", &where));
  EXPECT_FALSE(ErrorSite(":1:2: error", &where));
  EXPECT_EQ(where.file, "unchanged");
}

// Issue 14: the first line of an error the grader did not recognise is the compiler's, whole.
TEST(ErrorSite, AHugeLineIsNotACrash) {
  Location where;
  EXPECT_FALSE(ErrorSite(std::string(100'000, 'x') + ": error: " + std::string(100'000, ':'), &where));
  ASSERT_TRUE(ErrorSite(std::string(100'000, 'x') + ":99999999999999999999:1: error", &where));
  EXPECT_EQ(where.file.size(), 100'000u);
  EXPECT_EQ(where.line, 2147483647);
}

}  // namespace
}  // namespace threadlings
