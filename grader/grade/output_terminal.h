// What `threadlings grade` prints on the terminal while grading and at the end.
#pragma once

#include <vector>

#include "grade_job.h"
#include "grade_report.h"
#include "term.h"

namespace threadlings {

/// One exercise's verdict and points; for one not passed, what was found and where.
void PrintExercise(const Term& t, const GradedExercise& g);

/// The review flags of an exercise.
void PrintReview(const Term& t, const GradedExercise& g);

/// The end of a report: ignored files, protections not in force, the grader's error, the total.
void PrintSummary(const Term& t, const GradeReport& r);

/// The start of a run: what is graded against what, the protections not in force, and (one
/// submission) the exercises already decided because a file to edit is missing.
void PrintGradeStart(const Term& t, const Kit& kit, const GradePlan& plan, const std::vector<Job>& jobs, bool batch);

/// A batch's line for a finished job: "[3/40] alice  12/30 points".
void PrintJobDone(const Job& j, size_t finished, size_t total);

}  // namespace threadlings
