#include <fmt/core.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>

#include "learn_cli.h"
#include "outcome_view.h"
#include "status_line.h"
#include "suggest.h"
#include "terminal_text.h"

namespace threadlings {

namespace {

// The exercises to verify: every one (--all), the ones named, else the current one. An exit
// code when the command ends here (an unknown name, or nothing left to verify).
std::optional<int> ChooseExercises(const App& app, const VerifyOptions& o, const Progress& progress,
                                   std::vector<const Exercise*>* chosen) {
  std::string err;
  if (o.all) {
    for (const auto& e : app.kit().exercises()) chosen->push_back(&e);
  } else if (o.names.empty()) {
    const Exercise* current = app.Current(progress);
    if (!current) {
      fmt::print("Every exercise has passed. '{}' checks them again.\n", app.Cmd("verify --all"));
      return kExitOk;
    }
    chosen->push_back(current);
  } else if (!app.kit().FindAll(o.names, chosen, &err)) {
    PrintError(err);
    return kExitUsage;
  }
  return std::nullopt;
}

// What verify does with the chosen exercises: an unchanged exercise that already passed is
// neither rebuilt nor rerun.
struct VerifyPlan {
  std::vector<Target> to_run;                            ///< to build and run
  std::map<const Exercise*, std::string> fingerprints;   ///< of each exercise whose manifest loaded
  std::map<const Exercise*, Outcome> cached;             ///< passed and unchanged since
};

VerifyPlan Plan(const Kit& kit, const std::vector<const Exercise*>& chosen, const Progress& progress,
                const std::string& toolchain_version, bool force) {
  VerifyPlan plan;
  for (const Exercise* e : chosen) {
    if (!e->load_error.empty()) {
      plan.to_run.push_back({e, WorkVariant(*e)});
      continue;
    }
    plan.fingerprints[e] = Fingerprint(kit, *e, toolchain_version);
    const auto it = progress.exercises.find(e->name());
    if (!force && it != progress.exercises.end() && it->second.status == "passed" &&
        it->second.fingerprint == plan.fingerprints[e]) {
      Outcome c;
      c.verdict = Verdict::kPass;
      c.summary = "passed";
      c.cached = true;
      plan.cached[e] = c;
    } else {
      plan.to_run.push_back({e, WorkVariant(*e)});
    }
  }
  return plan;
}

// The failed attempt a verdict makes, as progress.json remembers it.
FailedAttempt AttemptOf(const Outcome& outcome, const std::string& fingerprint) {
  return {fingerprint, std::string(VerdictName(outcome.verdict)),
          outcome.where.empty() ? "" : outcome.where.file + ":" + std::to_string(outcome.where.line),
          outcome.summary};
}

// What is known about this attempt for the advice, read before the verdict is shown (the
// write that remembers it comes after, so that it does not delay the verdict on screen).
// `fingerprint`: of the files as they were built, empty when they changed during the build.
Attempt ReadAttempt(const App& app, const Exercise& e, const Outcome& outcome, const std::string& fingerprint) {
  Attempt attempt;
  attempt.changed = LearnerChangedFiles(e);
  Progress p;
  std::string err;
  if (outcome.verdict == Verdict::kError || !app.store().Load(&p, &err)) return attempt;
  const FailedAttempt now = AttemptOf(outcome, fingerprint);
  const ExerciseProgress& ep = p.exercises[e.name()];
  const FailedAttempt& last = ep.last_failure;
  attempt.same_as_last = outcome.verdict != Verdict::kPass && !last.verdict.empty() && last.FailsLike(now) &&
                         (last.fingerprint != now.fingerprint || now.fingerprint.empty());
  attempt.hints_shown = ep.hints_shown;
  return attempt;
}

// Remembers a verdict at once, so that Ctrl-C during the next exercise loses nothing, with the
// attempt when it failed.
void RecordOutcome(const App& app, const Exercise& e, const Outcome& outcome, const std::string& fingerprint) {
  if (outcome.verdict == Verdict::kError) return;
  const bool pass = outcome.verdict == Verdict::kPass;
  const FailedAttempt now = AttemptOf(outcome, fingerprint);
  std::string save_err;
  const bool saved = app.store().Update(
      [&](Progress& p) {
        ExerciseProgress& ep = p.exercises[e.name()];
        ep.verdict = now.verdict;
        ep.status = pass ? "passed" : "failing";
        ep.fingerprint = pass ? fingerprint : "";
        ep.last_failure = pass ? FailedAttempt{} : now;
      },
      &save_err);
  if (!saved) PrintError(save_err);
}

// Prints "k/n passed." when more than one exercise was verified; returns the exit code of the
// worst verdict.
int Summarize(const std::map<const Exercise*, Outcome>& results, size_t chosen) {
  int exit_code = kExitOk;
  int passed = 0;
  for (const auto& [e, outcome] : results) {
    if (outcome.verdict == Verdict::kPass) ++passed;
    exit_code = std::max(exit_code, VerdictExitCode(outcome.verdict));
  }
  if (chosen > 1) fmt::print("\n{}/{} passed.\n", passed, chosen);
  return exit_code;
}

// Builds and runs the plan's targets, printing each verdict as it comes (after the cached
// passes) and remembering it; what the engine is doing shows on one updating line on a
// terminal, led by "<label> k/n" when there are several.
std::map<const Exercise*, Outcome> RunPlan(App& app, const VerifyOptions& o, const Toolchain& toolchain,
                                           VerifyPlan& plan, const std::vector<const Exercise*>& chosen) {
  StatusLine line;
  std::map<const Exercise*, Outcome> results = plan.cached;
  const auto count = [&] {
    if (chosen.size() > 1)
      line.SetPrefix(fmt::format("{} {}/{}", o.progress_label.empty() ? "verify" : o.progress_label,
                                 std::min(results.size() + 1, chosen.size()), chosen.size()));
  };
  EngineOptions engine_options;
  engine_options.seed = o.seed;
  engine_options.on_progress = [&](const std::string& what) { line.Show(what); };
  engine_options.on_wait = [&](const std::string& what) {
    line.Clear();
    PrintNote(what);
  };
  Engine engine(app.kit(), toolchain, engine_options);
  for (const Exercise* e : chosen)
    if (plan.cached.count(e)) PrintOutcome(app, *e, plan.cached[e], Attempt{});
  count();
  engine.Verify(plan.to_run, [&](const Target& t, const Outcome& outcome) {
    line.Clear();
    results[t.exercise] = outcome;
    // A pass is remembered as "unchanged since" only for the bytes fingerprinted before the
    // build: if the files changed meanwhile, the next verify runs again.
    const bool unchanged = Fingerprint(app.kit(), *t.exercise, toolchain.version) == plan.fingerprints[t.exercise];
    const std::string built = unchanged ? plan.fingerprints[t.exercise] : "";
    PrintOutcome(app, *t.exercise, outcome, ReadAttempt(app, *t.exercise, outcome, built));
    RecordOutcome(app, *t.exercise, outcome, built);
    if (outcome.verdict == Verdict::kPass)
      fmt::print("{}\n", app.term().Dim(Fit("    What you fixed: " + t.exercise->manifest.fixed, "      ")));
    if (o.on_outcome) o.on_outcome(*t.exercise, outcome);
    std::fflush(stdout);
    count();
  });
  line.Clear();
  for (const auto& note : engine.notes()) PrintNote(note);
  return results;
}

}  // namespace

Command SetupVerify(CLI::App& parent, AfterPass after_pass) {
  auto o = std::make_shared<VerifyOptions>();
  o->after_pass = std::move(after_pass);
  auto* cmd = parent.add_subcommand(
      "verify", "Build exercises with ThreadSanitizer, run their checks, print one verdict each");
  cmd->add_option("names", o->names, "Exercises to verify (name or folder)");
  cmd->add_flag("--all,-a", o->all, "Verify every exercise");
  cmd->add_flag("--force,-f", o->force, "Rebuild and rerun even if unchanged since it passed");
  cmd->add_option("--seed", o->seed, "Schedule-perturbation seed (repeats a run)");
  cmd->add_flag("--no-cards", o->no_cards,
                "No flashcards after a pass (they are asked only on a terminal, never when CI is set; "
                "'threadlings config cards-after-pass off' switches them off for good)");
  cmd->add_option("--lang", o->lang, "Language of the flashcards after a pass: en or ru")
      ->check(CLI::IsMember({"en", "ru"}));
  cmd->footer("Exit code: 0 if every verified exercise passed, 1 if one did not, 3 if threadlings "
              "itself could not run.");
  return {cmd, [o](App& app) { return RunVerify(app, *o); }};
}

int RunVerify(App& app, const VerifyOptions& o) {
  std::string err;
  Progress progress;
  if (!app.store().Load(&progress, &err)) {
    PrintError(err);
    return kExitError;
  }
  std::vector<const Exercise*> chosen;
  if (const auto code = ChooseExercises(app, o, progress, &chosen)) return *code;
  Toolchain toolchain;
  if (!app.GetToolchain(&toolchain, &err)) {
    PrintError(err);
    return kExitError;
  }
  VerifyPlan plan = Plan(app.kit(), chosen, progress, toolchain.version, o.force);
  std::map<const Exercise*, Outcome> results = RunPlan(app, o, toolchain, plan, chosen);

  const int exit_code = Summarize(results, chosen.size());
  // One exercise just passed: a card or two on its topics while it is fresh (interactive only).
  if (!o.no_cards && o.after_pass && plan.to_run.size() == 1 && chosen.size() == 1 &&
      results[plan.to_run[0].exercise].verdict == Verdict::kPass)
    o.after_pass(app, *plan.to_run[0].exercise, o.lang);
  return exit_code;
}

}  // namespace threadlings
