// `threadlings grade`: grades a submission (a folder or an archive) or a batch of them, and
// writes any mix of the result formats (docs/GRADING.md). The phases: choose what to grade,
// stage each submission (grade_job.h), run the checks (grade_checks.h), write the results
// (grade_results.h).
#include "cmd_grade.h"

#include <fmt/format.h>
#include <unistd.h>

#include "grade_checks.h"
#include "grade_job.h"
#include "grade_results.h"
#include "grade_sandbox.h"
#include "grade_select.h"
#include "kit_digest.h"
#include "output_terminal.h"

namespace threadlings {
namespace {

// What is graded and with what: the kit's digest, the compiler, the sandbox.
GradePlan MakePlan(App& app, const GradeOptions& o, std::vector<const Exercise*> exercises,
                   const SandboxLimits& limits) {
  GradePlan plan;
  plan.exercises = std::move(exercises);
  plan.student = o.batch.empty() ? o.student : "";
  plan.shard = o.shard;
  plan.kit_digest = KitDigest(app.kit());
  plan.have_toolchain = app.GetToolchain(&plan.toolchain, &plan.toolchain_error);
  plan.sandbox = GradeProtections(app.kit(), limits, LongestTimeout(plan.exercises));
  plan.stage_root = app.kit().StateDir() / "grade" / std::to_string(getpid());
  return plan;
}

// One submission's results; a shard with no exercises (more shards than exercises) has
// nothing to grade, which is not a failure.
int FinishOne(App& app, const GradeOptions& o, const GradePlan& plan, const GradeReport& r) {
  if (!o.quiet) PrintSummary(app.term(), r);
  if (plan.exercises.empty() && r.error.empty()) {
    if (!o.quiet) fmt::print("shard {} has no exercises (the kit has {})\n", o.shard, app.kit().exercises().size());
    const int code = WriteResults(r, o.results, "");
    return code == kExitError ? code : kExitOk;
  }
  return WriteResults(r, o.results, GithubPrefix(r));
}

}  // namespace

int RunGrade(App& app, const GradeOptions& o) {
  const SandboxLimits limits = LimitsOf(o);
  if (o.sandbox_report) return RunSandboxReport(app, limits);
  if (!CheckGradeOptions(o)) return kExitUsage;
  const CheckRun run{limits, o.jobs, o.quiet, !o.batch.empty(), GradeClock::now()};
  std::string err;
  std::vector<const Exercise*> exercises;
  if (!ChooseExercises(app.kit(), o, &exercises, &err)) {
    PrintError(err);
    return kExitUsage;
  }
  std::vector<fs::path> submissions;
  if (!ListSubmissions(o, &submissions)) return kExitUsage;

  const GradePlan plan = MakePlan(app, o, std::move(exercises), limits);
  RemoveStaleStages(plan.stage_root);
  GradeTargets targets;
  std::vector<Job> jobs = StageJobs(app.kit(), plan, submissions, &targets);
  if (!o.quiet) PrintGradeStart(app.term(), app.kit(), plan, jobs, run.batch);
  RunChecks(app, plan, run, targets, &jobs);
  RemoveGradingFiles(app.kit(), plan, targets);

  if (!run.batch) return FinishOne(app, o, plan, jobs.front().report);
  std::vector<GradeReport> reports;
  for (auto& j : jobs) reports.push_back(j.report);
  return WriteBatchResults(o, reports);
}

}  // namespace threadlings
