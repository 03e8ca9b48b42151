// The command lines of `threadlings grade` and `threadlings grade merge`.
#include "grade_cli.h"

#include <memory>

#include "cmd_grade.h"

namespace threadlings {
namespace {

void AddResultOptions(CLI::App* grade, GradeOptions* o) {
  grade->add_option("--junit", o->results.junit, "Write JUnit XML here (GitLab, Jenkins)");
  grade->add_option("--json", o->results.json, "Write threadlings' JSON result here (schema in docs/GRADING.md)");
  grade->add_option("--exercism", o->results.exercism, "Write results.json (Exercism test runner, version 3) into this folder");
  grade->add_option("--gradescope", o->results.gradescope, "Write Gradescope's results.json here");
  grade->add_flag("--github", o->results.github, "Print GitHub Actions annotations and append a summary to $GITHUB_STEP_SUMMARY");
  grade->add_option("--out", o->out_dir, "With --batch: the folder for each student's JSON and the summaries (default grade-results)");
  grade->add_option("--csv", o->csv, "With --batch: the summary table as CSV (default OUT/summary.csv)");
  grade->add_option("--markdown", o->markdown, "With --batch: the summary table as Markdown (default OUT/summary.md)");
}

CLI::App* AddGrade(CLI::App& parent, GradeOptions* o) {
  CLI::App* grade = parent.add_subcommand(
      "grade",
      "Grade a submission in CI: only the files each exercise lists as edited are taken from it; "
      "checks run sandboxed. Exit code: 0 all passed, 1 some exercise did not pass, 2 bad command "
      "line, 3 the grader could not run.");
  grade->add_option("SUBMISSION", o->submission, "A student's checkout of the kit (a folder) or an archive of it");
  grade->add_option("--batch", o->batch, "Grade every sub-folder or archive of this folder as one student's submission");
  grade->add_option("--student", o->student, "The student's name in the results (default: the submission's name)");
  grade->add_option("--exercises,-e", o->exercises, "Grade only these exercises (names or numbers, comma-separated)")
      ->allow_extra_args(false);  // one value per use, so "-e 1 SUBMISSION" keeps SUBMISSION
  grade->add_option("--shard", o->shard, "Grade share I of N of the exercises (CI matrix jobs), e.g. 2/4; "
                                         "combine the JSON results with 'grade merge'");
  grade->add_option("-j,--jobs", o->jobs, "Exercises whose checks run at the same time (default 1)");
  AddResultOptions(grade, o);
  grade->add_option("--memory-limit", o->memory_mib, "Memory per check in MiB, ThreadSanitizer included (default 2048)");
  grade->add_option("--pids-limit", o->pids, "Processes and threads per check (default 512)");
  grade->add_flag("--sandbox-report", o->sandbox_report, "Print which sandbox protections are in force here, and exit");
  grade->add_flag("--quiet,-q", o->quiet, "Print nothing but errors (the result files still get written)");
  grade->footer("Templates for GitHub Actions, GitHub Classroom, GitLab CI and Gradescope: docs/GRADING.md.");
  return grade;
}

CLI::App* AddMerge(CLI::App* grade, MergeOptions* m) {
  CLI::App* merge = grade->add_subcommand("merge", "Combine the JSON results of 'grade --shard I/N' into one result");
  merge->add_option("FILES", m->files, "The shards' JSON results")->required();
  merge->add_option("--junit", m->results.junit, "Write JUnit XML here");
  merge->add_option("--json", m->results.json, "Write the merged JSON result here");
  merge->add_option("--exercism", m->results.exercism, "Write results.json (Exercism, version 3) into this folder");
  merge->add_option("--gradescope", m->results.gradescope, "Write Gradescope's results.json here");
  merge->add_flag("--github", m->results.github, "Print GitHub Actions annotations and append a summary to $GITHUB_STEP_SUMMARY");
  return merge;
}

}  // namespace

std::vector<Command> SetupGrade(CLI::App& parent) {
  auto o = std::make_shared<GradeOptions>();
  CLI::App* grade = AddGrade(parent, o.get());
  auto m = std::make_shared<MergeOptions>();
  CLI::App* merge = AddMerge(grade, m.get());
  Command g{grade, [o](App& app) { return RunGrade(app, *o); }};
  Command mc{merge, [m](App& app) { return RunMerge(app, *m); }};
  return {g, mc};  // main runs the last parsed command: merge when `grade merge` was given
}

}  // namespace threadlings
