#include "grade_checks.h"

#include <fmt/format.h>

#include <cstdio>

#include "build_lock.h"
#include "output_terminal.h"
#include "path_mapper.h"

namespace threadlings {
namespace {

std::string Cap(const std::string& s, size_t cap) {
  if (s.size() <= cap) return s;
  return s.substr(0, cap) + fmt::format("\n... ({} more bytes)", s.size() - cap);
}

// What a check found, with paths as the submission has them.
void RecordOutcome(const Kit& kit, const Job& j, const Exercise& e, const Outcome& out, GradedExercise* g) {
  PathMapper map(j.staged.root, kit.root());
  if (!j.staged.flat_prefix.empty())  // the files sit at the top of the upload
    map.prefixes.emplace_back("exercises/" + e.dir_name + "/",
                              j.staged.flat_prefix == "./" ? "" : j.staged.flat_prefix);
  g->verdict = out.verdict;
  g->points = out.verdict == Verdict::kPass ? g->points_max : 0;
  g->summary = map(out.summary);
  if (!out.where.empty()) g->where = {map(fs::absolute(out.where.file).lexically_normal().string()), out.where.line,
                                    out.where.column};
  for (const auto& d : out.details) g->details.push_back(map(d));
  g->check = out.check;
  g->seed = out.seed;
  g->output = Cap(map(out.raw), kMaxOutput);
  g->seconds = out.seconds;
}

// Finishes a job once all its checks are done: its time, and a batch's progress line.
class JobFinisher {
 public:
  JobFinisher(const CheckRun& run, size_t total) : run_(run), total_(total) {}

  void operator()(Job& j) {
    j.report.seconds = std::chrono::duration<double>(GradeClock::now() - run_.started).count();
    ++finished_;
    if (run_.quiet) return;
    if (run_.batch) PrintJobDone(j, finished_, total_);
    std::fflush(stdout);
  }

 private:
  const CheckRun& run_;
  size_t total_;
  size_t finished_ = 0;
};

}  // namespace

void RunChecks(App& app, const GradePlan& plan, const CheckRun& run, const GradeTargets& targets,
               std::vector<Job>* jobs) {
  JobFinisher finish(run, jobs->size());
  for (auto& j : *jobs)
    if (j.pending == 0) finish(j);
  if (targets.targets.empty()) return;
  EngineOptions eo;
  eo.sandbox = run.limits;
  eo.jobs = run.jobs;
  Engine engine(app.kit(), plan.toolchain, eo);
  engine.Verify(targets.targets, [&](const Target& target, const Outcome& out) {
    // Verify hands back our own elements.
    Job& j = (*jobs)[targets.job[size_t(&target - targets.targets.data())]];
    GradedExercise& g = j.report.exercises[j.index.at(target.exercise)];
    RecordOutcome(app.kit(), j, *target.exercise, out, &g);
    if (!run.quiet && !run.batch) {
      PrintExercise(app.term(), g);
      PrintReview(app.term(), g);
      std::fflush(stdout);
    }
    if (--j.pending == 0) finish(j);
  });
  for (const auto& n : engine.notes()) fmt::print("{}\n", app.term().Dim(n));
}

void RemoveGradingFiles(const Kit& kit, const GradePlan& plan, const GradeTargets& targets) {
  std::error_code ec;
  fs::remove_all(plan.stage_root, ec);
  if (!plan.have_toolchain) return;
  const BuildTree tree(kit, plan.toolchain);
  // Another grader of a student of the same name may be using these folders right now.
  const BuildFolderLock lock(tree.dir(), PrintNote);
  for (const auto& target : targets.targets) {
    fs::remove_all(tree.Binary(*target.exercise, target.variant).parent_path(), ec);
    fs::remove_all(tree.RunDir(*target.exercise, target.variant), ec);
  }
}

}  // namespace threadlings
