// Staging the submissions of one `threadlings grade` run: a job per submission, with its
// report started and a check target per exercise that can be built.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "build.h"
#include "engine.h"
#include "grade_report.h"
#include "submission.h"

namespace threadlings {

/// What the jobs of one run share: what is graded, and with what.
struct GradePlan {
  std::vector<const Exercise*> exercises;  ///< in learning order
  std::string student;          ///< --student (one submission); empty: named after the submission
  std::string shard;            ///< "I/N", or empty
  std::string kit_digest;
  Toolchain toolchain;
  bool have_toolchain = false;
  std::string toolchain_error;  ///< why there is no toolchain: every report's error then
  std::vector<Protection> sandbox;  ///< the protections the checks run under
  fs::path stage_root;          ///< this grader's staging folders, one per job
};

/// One submission being graded: its staged files and its report so far.
struct Job {
  fs::path submission;
  GradeReport report;
  StagedSubmission staged;
  std::string tag;  ///< the build variant's tag
  std::map<const Exercise*, size_t> index;  ///< exercise -> report.exercises position
  size_t pending = 0;  ///< exercises whose checks have not finished
};

/// The checks of a run: a target per exercise that can be built, and the job of each.
struct GradeTargets {
  std::vector<Target> targets;
  std::vector<size_t> job;  ///< targets[i] belongs to jobs[job[i]]
};

/// A name safe in a build folder's path: letters, digits, '-', '_', '.'.
std::string SafeTag(const std::string& s);

/// Removes the staging folders of graders that were interrupted (named by their pid, no
/// longer alive) beside `stage_root`.
void RemoveStaleStages(const fs::path& stage_root);

/// A job per submission, each staged into plan.stage_root; exercises with all their files
/// get a target, the others are decided in the report already.
std::vector<Job> StageJobs(const Kit& kit, const GradePlan& plan, const std::vector<fs::path>& submissions,
                           GradeTargets* targets);

}  // namespace threadlings
