#include <fmt/core.h>

#include "learn_cli.h"
#include "suggest.h"

namespace threadlings {

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
  if (o.all) {
    for (const auto& e : app.kit().exercises()) chosen.push_back(&e);
  } else if (o.names.empty()) {
    const Exercise* current = app.Current(progress);
    if (!current) {
      fmt::print("Every exercise has passed. '{}' checks them again.\n", app.Cmd("verify --all"));
      return kExitOk;
    }
    chosen.push_back(current);
  } else if (!app.kit().FindAll(o.names, &chosen, &err)) {
    PrintError(err);
    return kExitUsage;
  }
  Toolchain toolchain;
  if (!app.GetToolchain(&toolchain, &err)) {
    PrintError(err);
    return kExitError;
  }

  // An unchanged exercise that already passed is neither rebuilt nor rerun.
  std::vector<Target> to_run;
  std::map<const Exercise*, std::string> fingerprints;
  std::map<const Exercise*, Outcome> cached;
  for (const Exercise* e : chosen) {
    if (!e->load_error.empty()) {
      to_run.push_back({e, WorkVariant(*e)});
      continue;
    }
    fingerprints[e] = Fingerprint(app.kit(), *e, toolchain.version);
    const auto it = progress.exercises.find(e->name());
    if (!o.force && it != progress.exercises.end() && it->second.status == "passed" &&
        it->second.fingerprint == fingerprints[e]) {
      Outcome c;
      c.verdict = Verdict::kPass;
      c.summary = "passed";
      c.cached = true;
      cached[e] = c;
    } else {
      to_run.push_back({e, WorkVariant(*e)});
    }
  }

  EngineOptions engine_options;
  engine_options.seed = o.seed;
  Engine engine(app.kit(), toolchain, engine_options);
  std::map<const Exercise*, Outcome> results = cached;
  for (const Exercise* e : chosen)
    if (cached.count(e)) app.PrintOutcome(*e, cached[e]);
  engine.Verify(to_run, [&](const Target& t, const Outcome& outcome) {
    results[t.exercise] = outcome;
    app.PrintOutcome(*t.exercise, outcome);
    // Remember the result at once: Ctrl-C during the next exercise loses nothing.
    if (outcome.verdict == Verdict::kError) return;
    std::string save_err;
    const bool saved = app.store().Update(
        [&](Progress& p) {
          ExerciseProgress& ep = p.exercises[t.exercise->name()];
          ep.verdict = std::string(VerdictName(outcome.verdict));
          ep.status = outcome.verdict == Verdict::kPass ? "passed" : "failing";
          ep.fingerprint = outcome.verdict == Verdict::kPass ? fingerprints[t.exercise] : "";
        },
        &save_err);
    if (!saved) PrintError(save_err);
    if (outcome.verdict == Verdict::kPass)
      fmt::print("    {}\n", app.term().Dim("What you fixed: " + t.exercise->manifest.fixed));
  });
  for (const auto& note : engine.notes()) PrintNote(note);

  int exit_code = kExitOk;
  int passed = 0;
  for (const auto& [e, outcome] : results) {
    if (outcome.verdict == Verdict::kPass) ++passed;
    exit_code = std::max(exit_code, VerdictExitCode(outcome.verdict));
  }
  if (chosen.size() > 1)
    fmt::print("\n{}/{} passed.\n", passed, chosen.size());
  // One exercise just passed: a card or two on its topics while it is fresh (interactive only).
  if (!o.no_cards && o.after_pass && to_run.size() == 1 && chosen.size() == 1 &&
      results[to_run[0].exercise].verdict == Verdict::kPass)
    o.after_pass(app, *to_run[0].exercise, o.lang);
  return exit_code;
}

}  // namespace threadlings
