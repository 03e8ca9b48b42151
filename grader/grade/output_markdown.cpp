// Markdown for $GITHUB_STEP_SUMMARY: points, a table of exercises, what did not pass.
#include <fmt/format.h>

#include <algorithm>

#include "escape.h"
#include "grade_output.h"
#include "output_common.h"

namespace threadlings {
namespace {

using output::FindingText;
using output::LocationText;
using output::MdRow;
using output::MdSeparator;
using output::PassedCount;
using output::ProtectionsNotInForce;
using output::TestName;

}  // namespace

std::string ReportToMarkdown(const GradeReport& r) {
  std::string out = "## threadlings: ";
  if (!r.student.empty()) out += escape::Markdown(r.student) + ", ";
  out += fmt::format("{}/{} points\n\n", r.Points(), r.PointsMax());
  if (!r.error.empty()) out += "**The grader could not run:** " + escape::Markdown(r.error) + "\n\n";
  if (const size_t all = output::GithubErrorCount(r); all > output::kGithubErrorAnnotations)
    out += fmt::format(
        "**{} of {} findings are not annotated on the code:** GitHub shows {} error annotations per step. "
        "All are listed below (\"Not passed\"), in the job's log and in the JSON result.\n\n",
        all - output::kGithubErrorAnnotations, all, output::kGithubErrorAnnotations);
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
        out += fmt::format("\n**{}**: {}\n\n", escape::Markdown(TestName(e)), VerdictName(e.verdict)) +
               escape::MarkdownBlock(FindingText(e));
  }
  bool any_review = false;
  for (const auto& e : r.exercises) any_review = any_review || !e.review.empty();
  if (any_review) {
    out += "\n### For review\n\nLines using constructs that no reference version of the file uses (a flag "
           "changes no verdict):\n\n";
    for (const auto& e : r.exercises)
      for (const auto& f : e.review) out += "- " + escape::Markdown(f) + "\n";
  }
  if (!r.ignored.empty()) {
    out += "\n### Ignored files\n\nThese files differ from the kit and have no effect on the grade:\n\n";
    for (const auto& f : r.ignored) out += "- " + escape::Markdown(f) + "\n";
    if (r.ignored_more > 0) out += fmt::format("- and {} more\n", r.ignored_more);
  }
  if (const auto off = ProtectionsNotInForce(r); !off.empty()) {
    out += "\n### Sandbox protections not in force\n\n";
    for (const Protection* p : off) out += "- " + escape::Markdown(p->name) + (p->detail.empty() ? "" : ": " + escape::Markdown(p->detail)) + "\n";
  }
  return out;
}

}  // namespace threadlings
