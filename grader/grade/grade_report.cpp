#include "grade_report.h"

#include <algorithm>

namespace threadlings {

int GradeReport::Points() const {
  int sum = 0;
  for (const auto& e : exercises) sum += e.points;
  return sum;
}

int GradeReport::PointsMax() const {
  int sum = 0;
  for (const auto& e : exercises) sum += e.points_max;
  return sum;
}

bool GradeReport::AllPassed() const {
  return error.empty() && !exercises.empty() &&
         std::all_of(exercises.begin(), exercises.end(),
                     [](const GradedExercise& e) { return e.verdict == Verdict::kPass; });
}

bool GradeReport::GraderFailed() const {
  return !error.empty() ||
         std::any_of(exercises.begin(), exercises.end(),
                     [](const GradedExercise& e) { return e.verdict == Verdict::kError; });
}

int GradeExitCode(const GradeReport& r) {
  if (r.GraderFailed()) return kExitError;
  if (r.AllPassed()) return kExitOk;
  return kExitFailed;
}

}  // namespace threadlings
