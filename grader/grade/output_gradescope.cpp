// Gradescope's results.json. Every text is declared "text" (output_format): Gradescope's default,
// simple_format, renders HTML, and names and output from a submission must not be markup.
#include <fmt/format.h>

#include <cmath>

#include "grade_output.h"
#include "output_common.h"

namespace threadlings {
namespace {

using output::Dump;
using output::FindingText;
using output::Label;
using output::ordered_json;
using output::PassedCount;
using output::ProtectionsNotInForce;
using output::TestName;

}  // namespace

std::string ReportToGradescope(const GradeReport& r) {
  std::string output;
  if (!r.error.empty()) output = "threadlings could not run the grader: " + r.error + "\n";
  output += fmt::format("threadlings: {}, {}/{} points, {} of {} exercises passed", Label(r), r.Points(),
                        r.PointsMax(), PassedCount(r), r.exercises.size());
  if (!r.ignored.empty()) {
    output += "\n\nIgnored files (they have no effect on the grade):";
    for (const auto& f : r.ignored) output += "\n  " + f;
    if (r.ignored_more > 0) output += fmt::format("\n  and {} more", r.ignored_more);
  }
  if (const auto off = ProtectionsNotInForce(r); !off.empty()) {
    output += "\n\nSandbox protections not in force:";
    for (const Protection* p : off) output += "\n  " + p->name + (p->detail.empty() ? "" : ": " + p->detail);
  }
  ordered_json j;
  j["score"] = r.error.empty() ? r.Points() : 0;
  j["execution_time"] = std::round(r.seconds * 1000) / 1000;
  j["output"] = output;
  j["output_format"] = "text";
  j["visibility"] = "visible";
  j["stdout_visibility"] = "visible";
  j["tests"] = ordered_json::array();
  for (size_t i = 0; i < r.exercises.size(); ++i) {
    const GradedExercise& e = r.exercises[i];
    ordered_json t;
    t["score"] = e.points;
    t["max_score"] = e.points_max;
    t["name"] = TestName(e);
    t["number"] = std::to_string(i + 1);
    t["output"] = std::string(VerdictName(e.verdict)) + (e.summary.empty() && e.where.empty() && e.details.empty()
                                                             ? ""
                                                             : ": " + FindingText(e));
    t["output_format"] = "text";
    t["tags"] = e.topics;
    t["visibility"] = "visible";
    t["status"] = e.verdict == Verdict::kPass ? "passed" : "failed";
    j["tests"].push_back(std::move(t));
  }
  return Dump(j);
}

}  // namespace threadlings
