// Exercism's test-runner results.json, version 3.
#include <algorithm>
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

/// At most `max` characters (code points) of `s`.
std::string_view CutChars(std::string_view s, size_t max) {
  size_t chars = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (IsContinuationByte(s[i])) continue;
    if (chars++ == max) return s.substr(0, i);
  }
  return s;
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
  if (none_ran) {
    std::string message;
    if (!r.error.empty()) message = "threadlings could not grade this submission: " + r.error;
    else if (r.exercises.empty()) message = "threadlings graded no exercise";
    else message = Join([&] {
        std::vector<std::string> lines = {r.exercises[0].summary};
        lines.insert(lines.end(), r.exercises[0].details.begin(), r.exercises[0].details.end());
        return lines;
      }(), "\n");
    j["message"] = std::string(CutBytes(message, kExercismMessageBytes));
  }
  j["tests"] = ordered_json::array();
  for (const auto& e : r.exercises) {
    ordered_json t;
    t["name"] = TestName(e);
    const bool error = e.verdict == Verdict::kCompileError || e.verdict == Verdict::kError;
    t["status"] = e.verdict == Verdict::kPass ? "pass" : error ? "error" : "fail";
    if (e.verdict != Verdict::kPass) t["message"] = std::string(CutBytes(FindingText(e), kExercismMessageBytes));
    if (!e.output.empty()) {
      const std::string_view cut = CutChars(e.output, kExercismOutputChars);
      t["output"] = std::string(cut) + (cut.size() < e.output.size() ? "... (output truncated)" : "");
    }
    if (!e.check.empty()) t["test_code"] = e.check;
    j["tests"].push_back(std::move(t));
  }
  return Dump(j);
}

}  // namespace threadlings
