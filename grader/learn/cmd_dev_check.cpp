// `threadlings dev check`: proves the kit. Every exercise as shipped fails with its declared
// verdict, every solution passes, every wrong-fix mutant fails with its declared verdict,
// every file has what it must, every manifest validates. And `dev pristine`, which records
// an exercise's starting copy.
#include <fmt/core.h>

#include <algorithm>
#include <cstdio>
#include <map>

#include "attempts.h"
#include "learn_cli.h"
#include "readme_contract.h"

namespace threadlings {
namespace {

// Static checks of one exercise's files; returns the problems found.
std::vector<std::string> StaticProblems(const Kit& kit, const Exercise& e) {
  std::vector<std::string> problems;
  if (!e.load_error.empty()) return {e.load_error};
  std::error_code ec;
  std::string readme;
  if (!ReadFile(e.dir / "README.md", &readme)) problems.push_back("missing README.md");
  else if (e.manifest.contract.empty() && ReadmeContract(readme).empty())
    // Not written yet for this exercise: said every time, so that it is not forgotten.
    PrintNote(e.dir_name + " states no contract yet: add '" + kContractHeading +
              "' to its README and 'contract:' to its manifest");
  else
    for (auto& p : ContractProblems(e, readme)) problems.push_back(std::move(p));
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

/// The variants a dev check builds and runs, and the verdict each must get.
struct DevTargets {
  std::vector<Target> targets;
  std::map<std::string, Verdict> expected;  ///< by TargetKey
  std::map<std::string, std::string> gaps;  ///< attempts' known_gap, by TargetKey
};

std::string TargetKey(const Target& target) { return target.exercise->dir_name + " " + target.variant.tag; }

Verdict ShippedExpected(const Exercise& e, const Variant& v) {
  if (v.tag == "solution") return Verdict::kPass;
  if (v.tag == "pristine") return e.manifest.verdict;
  for (const auto& m : e.manifest.mutants)
    if (v.tag == "mutant-" + m.name) return m.verdict;
  return Verdict::kError;
}

// Prints the static problems of each chosen exercise (counted in `failures`); returns the
// variants to build and run: every one but the learner's own copy, then the blind attempts
// of tests/attempts/ (unless `with_attempts` is false).
DevTargets CheckFiles(const Kit& kit, const Term& t, const std::vector<const Exercise*>& chosen, bool with_attempts,
                      int* failures) {
  DevTargets out;
  auto add = [&](const Exercise* e, Variant v, Verdict want) {
    Target target{e, std::move(v)};
    out.expected[TargetKey(target)] = want;
    out.targets.push_back(std::move(target));
  };
  for (const Exercise* e : chosen) {
    std::vector<std::string> problems = StaticProblems(kit, *e);
    std::vector<Attempt> attempts;
    if (e->load_error.empty() && with_attempts) attempts = LoadAttempts(kit, *e, &problems);
    for (const auto& problem : problems) {
      fmt::print("{} {}: {}\n", t.Bad("FAIL"), e->dir_name, problem);
      ++*failures;
    }
    if (!e->load_error.empty()) continue;
    for (const auto& v : KitVariants(kit, *e))
      if (v.tag != "work") add(e, v, ShippedExpected(*e, v));
    for (const auto& a : attempts) {
      add(e, {"attempt-" + a.name, a.dir}, a.expect);
      if (!a.known_gap.empty()) out.gaps[TargetKey(out.targets.back())] = a.known_gap;
    }
  }
  return out;
}

// The rounds of a dev check: every variant built and run `runs` times, each verdict compared
// with the declared one. The first round reports every variant, later ones only failures.
class DevCheckRounds {
 public:
  /// `failures`: problems found before the rounds.
  DevCheckRounds(const App& app, const DevTargets& targets, int runs, int failures, bool messages)
      : app_(app), targets_(targets), runs_(runs), failures_(failures), messages_(messages) {}

  /// Runs every round, printing verdicts as they come.
  void Run(Engine& engine);

  /// After several rounds: how often each variant gave the verdict wanted, and what else.
  void PrintTable() const;

  /// Problems so far, those found before the rounds included.
  int failures() const { return failures_; }

 private:
  /// One variant's verdicts over the rounds.
  struct Tally {
    int matched = 0;
    std::map<std::string, int> others;  // verdicts other than the expected one
    double slowest = 0;
  };

  Verdict Expected(const Target& target) const { return targets_.expected.at(TargetKey(target)); }
  void Record(int run, const Target& target, const Outcome& outcome);
  void PrintFailure(int run, const Outcome& outcome) const;
  void PrintMessage(const Outcome& outcome) const;

  const App& app_;
  const DevTargets& targets_;
  int runs_;
  int failures_;
  bool messages_;
  std::map<std::string, Tally> tallies_;  // by Key
};

void DevCheckRounds::Run(Engine& engine) {
  for (int run = 0; run < runs_; ++run) {
    engine.Verify(targets_.targets, [&](const Target& target, const Outcome& outcome) { Record(run, target, outcome); });
    if (runs_ > 1) {
      fmt::print("{}\n", app_.term().Dim(fmt::format("round {}/{} done, {} unexpected verdict(s) so far", run + 1,
                                                     runs_, failures_)));
      std::fflush(stdout);
    }
  }
}

void DevCheckRounds::Record(int run, const Target& target, const Outcome& outcome) {
  const Term& t = app_.term();
  const Verdict want = Expected(target);
  const bool ok = outcome.verdict == want;
  Tally& tally = tallies_[TargetKey(target)];
  tally.slowest = std::max(tally.slowest, outcome.seconds);
  if (ok) ++tally.matched;
  else ++tally.others[std::string(VerdictName(outcome.verdict))];
  const auto gap = targets_.gaps.find(TargetKey(target));
  if (!ok && gap != targets_.gaps.end()) {
    // A real bug the checks cannot show yet: listed in the first round, not a failure.
    if (run == 0)
      fmt::print("{} {:<30} {:<22} expected {:<22} got {} (known gap: {})\n", t.Warn("GAP "),
                 target.exercise->dir_name, target.variant.tag, VerdictName(want), VerdictName(outcome.verdict),
                 gap->second);
    std::fflush(stdout);
    return;
  }
  if (!ok) ++failures_;
  if (ok && runs_ > 1 && run > 0) return;  // after the first round, report only failures
  fmt::print("{} {:<30} {:<22} expected {:<22} got {} ({:.1f} s)\n", ok ? t.Good("ok  ") : t.Bad("FAIL"),
             target.exercise->dir_name, target.variant.tag, VerdictName(want), VerdictName(outcome.verdict),
             outcome.seconds);
  if (!ok) PrintFailure(run, outcome);
  else if (messages_ && run == 0) PrintMessage(outcome);
  std::fflush(stdout);  // a long run written to a file shows how far it got
}

// What went wrong, and how to repeat it.
void DevCheckRounds::PrintFailure(int run, const Outcome& outcome) const {
  if (runs_ > 1) fmt::print("      run {} of {}\n", run + 1, runs_);
  fmt::print("      {}\n", outcome.summary);
  for (const auto& d : outcome.details) fmt::print("        {}\n", d);
  if (!outcome.seed.empty())
    fmt::print("      repeat with: THREADLINGS_SEED={} (or --seed {})\n", outcome.seed, outcome.seed);
  if (app_.options().verbose) fmt::print("{}\n", outcome.raw);
}

// The place and the words a learner would get (--messages), for reviewing them.
void DevCheckRounds::PrintMessage(const Outcome& outcome) const {
  if (outcome.verdict == Verdict::kPass) return;
  fmt::print("      at {}\n      {}\n", outcome.where.empty() ? std::string("(no place)") : ShowLocation(outcome.where),
             outcome.summary);
  for (size_t i = 0; i < outcome.details.size() && i < 4; ++i) fmt::print("        {}\n", outcome.details[i]);
}

void DevCheckRounds::PrintTable() const {
  fmt::print("\n{}\n", app_.term().Bold(fmt::format("{:<30} {:<22} {:<22} {:>9} {:>9}  {}", "exercise", "variant",
                                                     "expected", "as wanted", "slowest", "other verdicts")));
  for (const auto& target : targets_.targets) {
    const auto it = tallies_.find(TargetKey(target));
    const Tally tally = it == tallies_.end() ? Tally{} : it->second;
    std::string others;
    for (const auto& [v, n] : tally.others) others += fmt::format("{}x{} ", n, v);
    fmt::print("{:<30} {:<22} {:<22} {:>5}/{:<3} {:>7.1f} s  {}\n", target.exercise->dir_name,
               target.variant.tag, VerdictName(Expected(target)), tally.matched, runs_,
               tally.slowest, others);
  }
}

// dev check builds the starting copies, not the learner's files: says so where they differ.
void NoteEditedFiles(const std::vector<const Exercise*>& chosen) {
  for (const Exercise* e : chosen)
    for (const auto& f : e->manifest.edit) {
      std::string a, b;
      if (ReadFile(e->EditPath(f), &a) && ReadFile(e->PristinePath(f), &b) && a != b)
        PrintNote(DisplayPath(e->EditPath(f)) + " differs from its starting copy; dev check tested the starting copy");
    }
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
  const DevTargets targets = CheckFiles(app.kit(), t, chosen, o.attempts, &failures);
  fmt::print("{} with {}: {} variants x {} run(s)\n", t.Bold("dev check"), toolchain.version,
             targets.targets.size(), o.runs);
  // Stacks of hung checks are for learners; the self-check needs only the verdict (and gdb
  // costs seconds per hang).
  EngineOptions engine_options;
  engine_options.seed = o.seed;
  engine_options.stacks = app.options().verbose;
  engine_options.jobs = o.jobs;
  Engine engine(app.kit(), toolchain, engine_options);
  DevCheckRounds rounds(app, targets, o.runs, failures, o.messages);
  rounds.Run(engine);
  if (o.runs > 1) rounds.PrintTable();
  for (const auto& note : engine.notes()) PrintNote(note);
  NoteEditedFiles(chosen);
  const int problems = rounds.failures();
  fmt::print("\n{}\n", problems == 0 ? t.Good("dev check: the kit is sound")
                                     : t.Bad(fmt::format("dev check: {} problem(s)", problems)));
  return problems == 0 ? kExitOk : kExitFailed;
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
