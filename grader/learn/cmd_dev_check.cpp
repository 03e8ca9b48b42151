// `threadlings dev check`: proves the kit. Every exercise as shipped fails with its declared
// verdict, every solution passes, every wrong-fix mutant fails with its declared verdict,
// every file has what it must, every manifest validates. And `dev pristine`, which records
// an exercise's starting copy.
#include <fmt/core.h>

#include <cstdio>
#include <map>

#include "learn_cli.h"

namespace threadlings {
namespace {

// Static checks of one exercise's files; returns the problems found.
std::vector<std::string> StaticProblems(const Kit& kit, const Exercise& e) {
  std::vector<std::string> problems;
  if (!e.load_error.empty()) return {e.load_error};
  std::error_code ec;
  if (!fs::exists(e.dir / "README.md", ec)) problems.push_back("missing README.md");
  for (const auto& f : e.manifest.edit) {
    if (!fs::exists(e.EditPath(f), ec)) problems.push_back("missing the learner's file " + f);
    else if (FindTodoLine(e.EditPath(f)) == 0) problems.push_back(f + " has no 'TODO:' marker");
    if (!fs::exists(e.PristinePath(f), ec))
      problems.push_back("missing the starting copy .pristine/" + f +
                         " (create it with 'threadlings dev pristine " + e.name() + "')");
    else if (FindTodoLine(e.PristinePath(f)) == 0)
      problems.push_back(".pristine/" + f + " has no 'TODO:' marker");
    const fs::path solution = kit.SolutionDir(e) / f;
    if (!fs::exists(solution, ec)) problems.push_back("missing the solution " + DisplayPath(solution));
    else if (FindTodoLine(solution) != 0) problems.push_back(DisplayPath(solution) + " still has a 'TODO:'");
  }
  if (e.manifest.mutants.size() < 2)
    problems.push_back("has " + std::to_string(e.manifest.mutants.size()) +
                       " wrong-fix mutant(s); at least two are required");
  for (const auto& m : e.manifest.mutants) {
    const fs::path dir = kit.MutantDir(e, m.name);
    bool any = false;
    for (const auto& f : e.manifest.edit) any = any || fs::exists(dir / f, ec);
    if (!any) problems.push_back("mutant '" + m.name + "' has none of the edited files in " + DisplayPath(dir));
  }
  return problems;
}

Verdict Expected(const Exercise& e, const Variant& v) {
  if (v.tag == "solution") return Verdict::kPass;
  if (v.tag == "pristine") return e.manifest.verdict;
  for (const auto& m : e.manifest.mutants)
    if (v.tag == "mutant-" + m.name) return m.verdict;
  return Verdict::kError;
}

}  // namespace

int RunDevCheck(App& app, const DevCheckOptions& o) {
  std::string err;
  std::vector<const Exercise*> chosen;
  if (!app.kit().FindAll(o.names, &chosen, &err)) {
    PrintError(err);
    return kExitUsage;
  }
  if (o.names.empty())
    for (const auto& e : app.kit().exercises()) chosen.push_back(&e);
  Toolchain toolchain;
  if (!app.GetToolchain(&toolchain, &err)) {
    PrintError(err);
    return kExitError;
  }
  const Term& t = app.term();
  int failures = 0;
  // The whole kit includes its question bank.
  if (o.names.empty() && o.check_bank && o.check_bank(app) != kExitOk) ++failures;
  std::vector<Target> targets;
  for (const Exercise* e : chosen) {
    for (const auto& problem : StaticProblems(app.kit(), *e)) {
      fmt::print("{} {}: {}\n", t.Bad("FAIL"), e->dir_name, problem);
      ++failures;
    }
    if (!e->load_error.empty()) continue;
    for (const auto& v : KitVariants(app.kit(), *e))
      if (v.tag != "work") targets.push_back({e, v});
  }
  fmt::print("{} with {}: {} variants x {} run(s)\n", t.Bold("dev check"), toolchain.version,
             targets.size(), o.runs);
  // Stacks of hung checks are for learners; the self-check needs only the verdict (and gdb
  // costs seconds per hang).
  EngineOptions engine_options;
  engine_options.seed = o.seed;
  engine_options.stacks = app.options().verbose;
  Engine engine(app.kit(), toolchain, engine_options);
  struct Tally {
    int matched = 0;
    std::map<std::string, int> others;  // verdicts other than the expected one
    double slowest = 0;
  };
  std::map<std::string, Tally> tallies;
  for (int run = 0; run < o.runs; ++run) {
    engine.Verify(targets, [&](const Target& target, const Outcome& outcome) {
      const Verdict want = Expected(*target.exercise, target.variant);
      const bool ok = outcome.verdict == want;
      Tally& tally = tallies[target.exercise->dir_name + " " + target.variant.tag];
      tally.slowest = std::max(tally.slowest, outcome.seconds);
      if (ok) ++tally.matched;
      else ++tally.others[std::string(VerdictName(outcome.verdict))];
      if (!ok) ++failures;
      if (ok && o.runs > 1 && run > 0) return;  // after the first round, report only failures
      fmt::print("{} {:<30} {:<22} expected {:<22} got {} ({:.1f} s)\n", ok ? t.Good("ok  ") : t.Bad("FAIL"),
                 target.exercise->dir_name, target.variant.tag, VerdictName(want),
                 VerdictName(outcome.verdict), outcome.seconds);
      if (!ok) {
        if (o.runs > 1) fmt::print("      run {} of {}\n", run + 1, o.runs);
        fmt::print("      {}\n", outcome.summary);
        for (const auto& d : outcome.details) fmt::print("        {}\n", d);
        if (!outcome.seed.empty())
          fmt::print("      repeat with: THREADLINGS_SEED={} (or --seed {})\n", outcome.seed, outcome.seed);
        if (app.options().verbose) fmt::print("{}\n", outcome.raw);
      }
      std::fflush(stdout);  // a long run written to a file shows how far it got
    });
    if (o.runs > 1) {
      fmt::print("{}\n", t.Dim(fmt::format("round {}/{} done, {} unexpected verdict(s) so far", run + 1, o.runs, failures)));
      std::fflush(stdout);
    }
  }
  if (o.runs > 1) {
    fmt::print("\n{}\n", t.Bold(fmt::format("{:<30} {:<22} {:<22} {:>9} {:>9}  {}", "exercise", "variant",
                                             "expected", "as wanted", "slowest", "other verdicts")));
    for (const auto& target : targets) {
      const std::string key = target.exercise->dir_name + " " + target.variant.tag;
      const Tally& tally = tallies[key];
      std::string others;
      for (const auto& [v, n] : tally.others) others += fmt::format("{}x{} ", n, v);
      fmt::print("{:<30} {:<22} {:<22} {:>5}/{:<3} {:>7.1f} s  {}\n", target.exercise->dir_name,
                 target.variant.tag, VerdictName(Expected(*target.exercise, target.variant)),
                 tally.matched, o.runs, tally.slowest, others);
    }
  }
  for (const auto& note : engine.notes()) PrintNote(note);
  for (const Exercise* e : chosen)
    for (const auto& f : e->manifest.edit) {
      std::string a, b;
      if (ReadFile(e->EditPath(f), &a) && ReadFile(e->PristinePath(f), &b) && a != b)
        PrintNote(DisplayPath(e->EditPath(f)) +
                  " differs from its starting copy; dev check tested the starting copy");
    }
  fmt::print("\n{}\n", failures == 0 ? t.Good("dev check: the kit is sound")
                                     : t.Bad(fmt::format("dev check: {} problem(s)", failures)));
  return failures == 0 ? kExitOk : kExitFailed;
}

int RunDevPristine(App& app, const DevPristineOptions& o) {
  std::string err;
  const Exercise* e = app.kit().Find(o.name, &err);
  if (!e) {
    PrintError(err);
    return kExitUsage;
  }
  for (const auto& f : e->manifest.edit) {
    std::string text;
    if (!ReadFile(e->EditPath(f), &text)) {
      PrintError("cannot read '" + DisplayPath(e->EditPath(f)) + "'");
      return kExitError;
    }
    if (!WriteFileAtomic(e->PristinePath(f), text, &err)) {
      PrintError(err);
      return kExitError;
    }
    fmt::print("Recorded {} as the starting version\n", DisplayPath(e->PristinePath(f)));
  }
  return kExitOk;
}

}  // namespace threadlings
