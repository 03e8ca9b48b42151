// GitHub Actions workflow commands: an annotation per exercise not passed, at most as many as
// GitHub shows; the points and what was left unannotated in a last notice.
#include <fmt/format.h>

#include <string_view>

#include "escape.h"
#include "grade_output.h"
#include "output_common.h"

namespace threadlings {
namespace {

using output::ExerciseId;
using output::Join;

using Properties = std::vector<std::pair<std::string, std::string>>;

/// "::command key=value,...::message", escaped.
std::string GithubCommand(std::string_view command, const Properties& properties, std::string_view message) {
  std::string out = "::" + std::string(command);
  for (size_t i = 0; i < properties.size(); ++i)
    out += (i == 0 ? " " : ",") + properties[i].first + "=" + escape::GithubProperty(properties[i].second);
  return out + "::" + escape::GithubData(message) + "\n";
}

/// The annotation of an exercise not passed, at the student's line when it is known.
std::string ExerciseAnnotation(const GradedExercise& e, const std::string& path_prefix) {
  Properties properties;
  if (!e.where.empty()) {
    properties.emplace_back("file", path_prefix + e.where.file);
    if (e.where.line > 0) properties.emplace_back("line", std::to_string(e.where.line));
    if (e.where.line > 0 && e.where.column > 0) properties.emplace_back("col", std::to_string(e.where.column));
  }
  properties.emplace_back("title", e.verdict == Verdict::kError
                                       ? "threadlings could not grade " + ExerciseId(e)
                                       : ExerciseId(e) + ": " + std::string(VerdictName(e.verdict)));
  std::vector<std::string> lines = {e.summary};
  lines.insert(lines.end(), e.details.begin(), e.details.end());
  return GithubCommand("error", properties, Join(lines, "\n"));
}

}  // namespace

std::string ReportToGithubAnnotations(const GradeReport& r, const std::string& path_prefix) {
  std::string out;
  size_t shown = 0;
  if (!r.error.empty()) {
    out += GithubCommand("error", {{"title", "threadlings could not run"}}, r.error);
    ++shown;
  }
  for (const auto& e : r.exercises) {
    if (e.verdict == Verdict::kPass || shown == output::kGithubErrorAnnotations) continue;
    out += ExerciseAnnotation(e, path_prefix);
    ++shown;
  }
  std::string points = fmt::format("Points {}/{}", r.Points(), r.PointsMax());
  if (const size_t all = output::GithubErrorCount(r); all > shown)
    points += fmt::format(
        "; {} more exercises not passed are not annotated (GitHub shows {} error annotations per step): "
        "see the job summary, the log above or the JSON result",
        all - shown, output::kGithubErrorAnnotations);
  return out + GithubCommand("notice", {{"title", "threadlings"}}, points);
}

}  // namespace threadlings
