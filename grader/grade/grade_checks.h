// Running the checks of a `threadlings grade` run: every target built at once, the checks
// `-j` at a time, each outcome recorded in its job's report.
#pragma once

#include <chrono>
#include <vector>

#include "app.h"
#include "grade_job.h"

namespace threadlings {

using GradeClock = std::chrono::steady_clock;

/// How the checks of a run are run and shown.
struct CheckRun {
  SandboxLimits limits;  ///< the sandbox of each check
  int jobs = 1;          ///< exercises whose checks run at the same time
  bool quiet = false;    ///< print nothing
  bool batch = false;    ///< print a line per finished job rather than one per exercise
  GradeClock::time_point started;  ///< each report's seconds count from here
};

/// Builds every target, runs the checks and records each outcome in its job's report, with
/// paths as the submission has them; prints each exercise (one submission) or each finished
/// job (a batch).
void RunChecks(App& app, const GradePlan& plan, const CheckRun& run, const GradeTargets& targets,
               std::vector<Job>* jobs);

/// Removes what grading leaves: the staged files, objects, binaries and run folders are of
/// no further use (a new grade stages afresh), and a batch of a class would keep gigabytes.
void RemoveGradingFiles(const Kit& kit, const GradePlan& plan, const GradeTargets& targets);

}  // namespace threadlings
