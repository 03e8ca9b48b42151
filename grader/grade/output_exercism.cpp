// Exercism's test-runner results.json, version 3: one test per exercise; its `output` only
// what the student's own code printed, at most 500 characters with the truncation notice.
#include <algorithm>
#include <cctype>
#include <sstream>
#include <string_view>

#include "grade_output.h"
#include "output_common.h"

namespace threadlings {
namespace {

using output::CutBytes;
using output::Dump;
using output::FindingText;
using output::IsContinuationByte;
using output::Join;
using output::ordered_json;
using output::TestName;

constexpr size_t kExercismOutputChars = 500;
constexpr size_t kExercismMessageBytes = 65535;
constexpr std::string_view kCutNotice = "\n[output cut at 500 characters]";

/// Characters (code points) of `s`.
size_t CharCount(std::string_view s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return !IsContinuationByte(c); }));
}

/// At most `max` characters (code points) of `s`.
std::string_view CutChars(std::string_view s, size_t max) {
  size_t chars = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (IsContinuationByte(s[i])) continue;
    if (chars++ == max) return s.substr(0, i);
  }
  return s;
}

bool StartsWith(std::string_view s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

// A line GoogleTest, ThreadSanitizer or the harness printed, not the student's code.
bool HarnessLine(std::string_view line) {
  static const std::string_view kPrefixes[] = {
      "[==========]", "[----------]", "[ RUN      ]", "[       OK ]", "[  FAILED  ]", "[  PASSED  ]", "[  SKIPPED ]",
      "[ DISABLED ]", "Note: Google Test", "Note: Randomizing", "SUMMARY: ", "ThreadSanitizer:", "WARNING: ThreadSanitizer",
      "Google Test trace:", "threadlings:", "  YOU HAVE "};
  for (std::string_view p : kPrefixes)
    if (StartsWith(line, p)) return true;
  if (StartsWith(line, "==") && line.size() > 2 && std::isdigit(static_cast<unsigned char>(line[2]))) return true;
  return line.find(": Failure") != std::string_view::npos || line.find("/.threadlings/") != std::string_view::npos;
}

/// What the student's code printed in a check's raw output: every line but GoogleTest's,
/// ThreadSanitizer's reports and GoogleTest's failure messages (up to the next GoogleTest line).
std::string StudentPrints(const std::string& raw) {
  std::istringstream in(raw);
  std::string line, out;
  bool in_report = false, in_failure = false;
  while (std::getline(in, line)) {
    if (line == "==================") {
      in_report = !in_report;
      continue;
    }
    if (line.find(": Failure") != std::string::npos) in_failure = true;
    else if (StartsWith(line, "[")) in_failure = false;
    if (in_report || in_failure || HarnessLine(line)) continue;
    out += line + "\n";
  }
  if (!raw.empty() && raw.back() != '\n' && !out.empty()) out.pop_back();  // no line break of our own
  return out;
}

/// The `output` of a test: the student's prints, cut to 500 characters, notice included.
std::string ExercismOutput(const std::string& prints) {
  if (CharCount(prints) <= kExercismOutputChars) return prints;
  return std::string(CutChars(prints, kExercismOutputChars - CharCount(kCutNotice))) + std::string(kCutNotice);
}

/// The top-level message when no test ran: the grader's error or the first exercise's finding.
std::string ErrorMessage(const GradeReport& r) {
  if (!r.error.empty()) return "threadlings could not grade this submission: " + r.error;
  if (r.exercises.empty()) return "threadlings graded no exercise";
  std::vector<std::string> lines = {r.exercises[0].summary};
  lines.insert(lines.end(), r.exercises[0].details.begin(), r.exercises[0].details.end());
  return Join(lines, "\n");
}

ordered_json ExercismTest(const GradedExercise& e) {
  ordered_json t;
  t["name"] = TestName(e);
  const bool error = e.verdict == Verdict::kCompileError || e.verdict == Verdict::kError;
  t["status"] = e.verdict == Verdict::kPass ? "pass" : error ? "error" : "fail";
  if (e.verdict != Verdict::kPass) t["message"] = std::string(CutBytes(FindingText(e), kExercismMessageBytes));
  // Compiler and grader output is not the student's; their message says what matters.
  if (const std::string prints = error ? "" : StudentPrints(e.output); !prints.empty())
    t["output"] = ExercismOutput(prints);
  std::string run = "threadlings verify " + (e.name.empty() ? e.dir_name : e.name);
  if (e.verdict != Verdict::kPass && !e.seed.empty()) run += " --seed " + e.seed;
  t["test_code"] = e.check.empty() ? run : run + "  # failed check: " + e.check;
  return t;
}

}  // namespace

std::string ReportToExercism(const GradeReport& r) {
  ordered_json j;
  j["version"] = 3;
  const bool none_ran =
      !r.error.empty() || std::all_of(r.exercises.begin(), r.exercises.end(), [](const auto& e) {
        return e.verdict == Verdict::kCompileError || e.verdict == Verdict::kError;
      });
  j["status"] = none_ran ? "error" : r.AllPassed() ? "pass" : "fail";
  if (none_ran) j["message"] = std::string(CutBytes(ErrorMessage(r), kExercismMessageBytes));
  j["tests"] = ordered_json::array();
  for (const auto& e : r.exercises) j["tests"].push_back(ExercismTest(e));
  return Dump(j);
}

}  // namespace threadlings
