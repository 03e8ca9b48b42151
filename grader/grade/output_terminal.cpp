#include "output_terminal.h"
#include "output_common.h"

#include <fmt/format.h>

#include <cstdio>

namespace threadlings {
namespace {

// Every name and byte of a submission goes to the terminal through this (term.h).
std::string Safe(std::string_view s) { return TerminalSafe(s); }

}  // namespace

void PrintExercise(const Term& t, const GradedExercise& g) {
  fmt::print("{} {:<34} {:>3}/{:<3} {}\n", t.VerdictLabel(g.verdict), g.dir_name, g.points, g.points_max,
             t.Dim(fmt::format("({:.1f} s)", g.seconds)));
  if (g.verdict == Verdict::kPass) return;
  std::string head = g.summary;
  if (!g.where.empty()) head = output::LocationText(g.where) + ": " + head;
  fmt::print("    {}\n", Safe(head));
  for (const auto& m : g.missing) fmt::print("      {}\n", Safe(m));
  if (!g.check.empty()) fmt::print("    {}\n", t.Dim("in check " + Safe(g.check)));
  for (const auto& d : g.details) fmt::print("      {}\n", Safe(d));
  if (!g.seed.empty()) fmt::print("    {}\n", t.Dim("(perturbation seed " + Safe(g.seed) + ")"));
}

void PrintReview(const Term& t, const GradedExercise& g) {
  for (const auto& f : g.review) fmt::print("    {} {}\n", t.Warn("review:"), Safe(f));
}

void PrintSummary(const Term& t, const GradeReport& r) {
  if (!r.ignored.empty()) {
    fmt::print("{}\n", t.Bold("Ignored (no effect on the grade):"));
    for (const auto& i : r.ignored) fmt::print("  {}\n", Safe(i));
    if (r.ignored_more) fmt::print("  ... and {} more\n", r.ignored_more);
  }
  for (const auto& p : r.sandbox)
    if (!p.in_force) fmt::print("{}\n", t.Warn("sandbox: " + p.name + " not in force: " + p.detail));
  if (!r.error.empty()) fmt::print("{}\n", t.Bad("threadlings could not grade this submission: " + Safe(r.error)));
  int passed = 0;
  for (const auto& e : r.exercises) passed += e.verdict == Verdict::kPass;
  fmt::print("{} {}/{} points, {} of {} exercises passed{}\n", t.Bold("Total:"), r.Points(), r.PointsMax(),
             passed, r.exercises.size(), r.student.empty() ? "" : " (" + Safe(r.student) + ")");
}

void PrintGradeStart(const Term& t, const Kit& kit, const GradePlan& plan, const std::vector<Job>& jobs, bool batch) {
  const size_t exercises = plan.exercises.size();
  fmt::print("{} {} submission{} against the kit at {} ({} exercise{}{}), with {}\n", t.Bold("grade"),
             jobs.size(), jobs.size() == 1 ? "" : "s", DisplayPath(kit.root()), exercises,
             exercises == 1 ? "" : "s", plan.shard.empty() ? "" : ", shard " + plan.shard,
             plan.have_toolchain ? plan.toolchain.version : "no compiler");
  for (const auto& p : plan.sandbox)
    if (!p.in_force) fmt::print("{}\n", t.Warn("sandbox: " + p.name + " not in force: " + p.detail));
  // Exercises already decided (a file to edit is missing) come first.
  if (!batch)
    for (const auto& g : jobs.front().report.exercises)
      if (!g.missing.empty() || jobs.front().staged.unreadable) PrintExercise(t, g);
  std::fflush(stdout);
}

void PrintJobDone(const Job& j, size_t finished, size_t total) {
  fmt::print("[{}/{}] {:<24} {:>3}/{} points{}\n", finished, total, Safe(j.report.student), j.report.Points(),
             j.report.PointsMax(), j.report.error.empty() ? "" : "  (" + Safe(j.report.error) + ")");
}

}  // namespace threadlings
