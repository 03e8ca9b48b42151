// What a hostile submission puts into names and output reaches each report inert, and each
// report keeps to its consumer's documented format: GitHub's annotation limit, Gradescope's
// output_format, Exercism's output and test_code, the xunit plugin's JUnit schema.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "grade_output.h"
#include "kit.h"
#include "output_terminal.h"

namespace threadlings {
namespace {

using nlohmann::json;

GradedExercise Failed(const std::string& dir) {
  GradedExercise e;
  e.name = dir.substr(3);
  e.dir_name = dir;
  e.title = "Title";
  e.verdict = Verdict::kDataRace;
  e.points_max = 5;
  e.summary = "a race";
  return e;
}

// The lines of `text` that a GitHub runner would take as a workflow command.
std::vector<std::string> CommandLines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    const size_t first = line.find_first_not_of(" \t");
    if (first != std::string::npos && (line.compare(first, 2, "::") == 0 || line.compare(first, 3, "##[") == 0))
      out.push_back(line.substr(first));
  }
  return out;
}

TEST(ReportSafety, TerminalShowsHostileNamesInert) {
  GradeReport r;
  r.student = "eve\x1b]0;owned\x07";
  r.ignored = {"::stop-commands::tok (not in the kit)", "x\n::error file=a::forged (not in the kit)",
               "\x1b[2J\x1b[1;1Hcleared (not in the kit)"};
  GradedExercise e = Failed("01_a");
  e.details = {"::add-mask::secret", "\xe2\x80\xae" "reversed"};
  e.review = {"hit_counter.h:3: opens files: `::error::x`"};
  r.exercises = {e};
  const Term t("never");
  testing::internal::CaptureStdout();
  PrintExercise(t, r.exercises[0]);
  PrintReview(t, r.exercises[0]);
  PrintSummary(t, r);
  const std::string out = testing::internal::GetCapturedStdout();
  EXPECT_TRUE(CommandLines(out).empty()) << out;
  EXPECT_EQ(out.find('\x1b'), std::string::npos) << out;
  EXPECT_EQ(out.find("\xe2\x80\xae"), std::string::npos) << out;
  EXPECT_NE(out.find("\\::stop-commands::tok"), std::string::npos) << out;
  EXPECT_NE(out.find("x\\x0a::error file=a::forged"), std::string::npos) << out;
}

TEST(ReportSafety, GithubSaysHowManyFindingsWereNotAnnotated) {
  GradeReport r;
  for (int i = 1; i <= 25; ++i) r.exercises.push_back(Failed(fmt::format("{:02}_e", i)));
  const std::string annotations = ReportToGithubAnnotations(r, "");
  const auto commands = CommandLines(annotations);
  ASSERT_EQ(commands.size(), 11u) << annotations;
  for (size_t i = 0; i < 10; ++i) EXPECT_EQ(commands[i].rfind("::error ", 0), 0u) << commands[i];
  EXPECT_EQ(commands[10].rfind("::notice ", 0), 0u);
  EXPECT_NE(commands[10].find("15 more exercises not passed are not annotated"), std::string::npos) << commands[10];
  const std::string md = ReportToMarkdown(r);
  EXPECT_NE(md.find("**15 of 25 findings are not annotated on the code:** GitHub shows 10 error annotations per step"),
            std::string::npos)
      << md;
  for (int i = 1; i <= 25; ++i) EXPECT_NE(md.find(fmt::format("**{:02}_e: Title**", i)), std::string::npos) << i;
}

TEST(ReportSafety, GithubTenFindingsOrFewerNeedNoWord) {
  GradeReport r;
  for (int i = 1; i <= 10; ++i) r.exercises.push_back(Failed(fmt::format("{:02}_e", i)));
  EXPECT_EQ(ReportToGithubAnnotations(r, "").find("not annotated"), std::string::npos);
  EXPECT_EQ(ReportToMarkdown(r).find("not annotated"), std::string::npos);
}

TEST(ReportSafety, MarkdownSummaryShowsHtmlAsText) {
  GradeReport r;
  r.student = "<img src=x onerror=alert(1)>";
  r.ignored = {"<script>alert(1)</script> (not in the kit)"};
  r.exercises = {Failed("01_a")};
  const std::string md = ReportToMarkdown(r) + BatchMarkdown({r});
  EXPECT_EQ(md.find("<img"), std::string::npos) << md;
  EXPECT_EQ(md.find("<script"), std::string::npos) << md;
  EXPECT_NE(md.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos) << md;
}

TEST(ReportSafety, GradescopeDeclaresEveryOutputPlainText) {
  GradeReport r;
  r.student = "<img src=x onerror=alert(1)>";
  r.exercises = {Failed("01_a")};
  const json j = json::parse(ReportToGradescope(r));
  EXPECT_EQ(j.value("output_format", ""), "text");
  for (const auto& t : j["tests"]) EXPECT_EQ(t.value("output_format", ""), "text") << t.dump();
}

TEST(ReportSafety, ExercismOutputIsTheStudentsOwnPrintsWithin500Characters) {
  GradeReport r;
  GradedExercise e = Failed("01_a");
  e.output =
      "Note: Google Test filter = HitCounter.*\n[==========] Running 2 tests\n[ RUN      ] HitCounter.A\n"
      "my debug line\n==================\nWARNING: ThreadSanitizer: data race (pid=7)\n"
      "    #0 hit /home/ci/.threadlings/build/grade-x/hit_counter.h:9\n==================\n"
      "/home/ci/.threadlings/build/check.cpp:40: Failure\nExpected equality of these values:\n  1\n"
      "[  FAILED  ] HitCounter.A (5 ms)\nsecond print\n==7==ERROR\n";
  GradedExercise flood = Failed("02_b");
  flood.output = std::string(2000, 'y');
  GradedExercise pass = Failed("03_c");
  pass.verdict = Verdict::kPass;
  r.exercises = {e, flood, pass};
  const json j = json::parse(ReportToExercism(r));
  EXPECT_EQ(j["tests"][0]["output"], "my debug line\nsecond print\n");
  const std::string cut = j["tests"][1]["output"];
  EXPECT_EQ(cut.size(), 500u);
  EXPECT_EQ(cut.rfind(std::string(400, 'y'), 0), 0u);
  EXPECT_NE(cut.find("output cut at 500 characters"), std::string::npos) << cut;
  for (const auto& t : j["tests"]) EXPECT_TRUE(t.contains("test_code")) << t.dump();
  EXPECT_EQ(j["tests"][2].value("test_code", ""), "threadlings verify c");
}

TEST(ReportSafety, JunitValidatesAgainstTheXunitPluginsSchema) {
  if (std::system("command -v xmllint >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "xmllint is not installed (Debian: libxml2-utils), so the schema cannot be checked";
  GradeReport r;
  r.student = "<eve> & \"co\"\x1b";
  r.kit_digest = "abc";
  r.threadlings_version = "0.1.0";
  GradedExercise e = Failed("01_a");
  e.where = {"exercises/01_a/a.h", 3};
  e.output = "raw\x01 output ]]>";
  GradedExercise pass = Failed("02_b");
  pass.verdict = Verdict::kPass;
  GradedExercise broken = Failed("03_c");
  broken.verdict = Verdict::kError;
  r.exercises = {e, pass, broken};
  GradeReport failed_grader;
  failed_grader.error = "no compiler";
  const fs::path file = fs::temp_directory_path() / fmt::format("threadlings-junit-{}.xml", getpid());
  std::ofstream(file) << ReportToJunit({r, failed_grader});
  const fs::path xsd = fs::path(THREADLINGS_TEST_DATA_DIR) / "schemas/junit-xunit-10.xsd";
  const std::string cmd = "xmllint --noout --schema '" + xsd.string() + "' '" + file.string() + "' 2>&1";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << "xmllint: see the lines above";
  fs::remove(file);
}

}  // namespace
}  // namespace threadlings
