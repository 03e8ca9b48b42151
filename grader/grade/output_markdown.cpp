// Markdown for $GITHUB_STEP_SUMMARY: points, a table of exercises, what did not pass.
#include <fmt/format.h>

#include <algorithm>

#include "grade_output.h"
#include "output_common.h"

namespace threadlings {
namespace {

using output::FindingText;
using output::LocationText;
using output::MdCell;
using output::MdRow;
using output::MdSeparator;
using output::PassedCount;
using output::ProtectionsNotInForce;
using output::TestName;

/// A fenced code block that the text cannot close early.
std::string MdFenced(const std::string& text) {
  size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(std::max<size_t>(3, longest + 1), '`');
  return fence + "text\n" + text + "\n" + fence + "\n";
}

}  // namespace

std::string ReportToMarkdown(const GradeReport& r) {
  std::string out = "## threadlings: ";
  if (!r.student.empty()) out += MdCell(r.student) + ", ";
  out += fmt::format("{}/{} points\n\n", r.Points(), r.PointsMax());
  if (!r.error.empty()) out += "**The grader could not run:** " + MdCell(r.error) + "\n\n";
  if (!r.exercises.empty()) {
    out += MdRow({"#", "exercise", "verdict", "points", "where"}) + MdSeparator(5);
    for (size_t i = 0; i < r.exercises.size(); ++i) {
      const GradedExercise& e = r.exercises[i];
      out += MdRow({std::to_string(i + 1), TestName(e), std::string(VerdictName(e.verdict)),
                    fmt::format("{}/{}", e.points, e.points_max), LocationText(e.where)});
    }
  }
  if (PassedCount(r) < static_cast<int>(r.exercises.size())) {
    out += "\n### Not passed\n";
    for (const auto& e : r.exercises)
      if (e.verdict != Verdict::kPass)
        out += fmt::format("\n**{}**: {}\n\n", MdCell(TestName(e)), VerdictName(e.verdict)) +
               MdFenced(FindingText(e));
  }
  bool any_review = false;
  for (const auto& e : r.exercises) any_review = any_review || !e.review.empty();
  if (any_review) {
    out += "\n### For review\n\nLines using constructs that no reference version of the file uses (a flag "
           "changes no verdict):\n\n";
    for (const auto& e : r.exercises)
      for (const auto& f : e.review) out += "- " + MdCell(f) + "\n";
  }
  if (!r.ignored.empty()) {
    out += "\n### Ignored files\n\nThese files differ from the kit and have no effect on the grade:\n\n";
    for (const auto& f : r.ignored) out += "- " + MdCell(f) + "\n";
    if (r.ignored_more > 0) out += fmt::format("- and {} more\n", r.ignored_more);
  }
  if (const auto off = ProtectionsNotInForce(r); !off.empty()) {
    out += "\n### Sandbox protections not in force\n\n";
    for (const Protection* p : off) out += "- " + MdCell(p->name) + (p->detail.empty() ? "" : ": " + MdCell(p->detail)) + "\n";
  }
  return out;
}

}  // namespace threadlings
