#include <fmt/core.h>

#include "course_progress.h"
#include "learn_cli.h"
#include "process.h"

namespace threadlings {

Command SetupSolution(CLI::App& parent) {
  auto o = std::make_shared<SolutionOptions>();
  auto* cmd = parent.add_subcommand(
      "solution", "Show the reference fix as a diff from the starting version (once it has passed)");
  cmd->add_option("name", o->name, "Exercise")->required();
  cmd->add_flag("--force", o->force, "Show it even though the exercise has not passed yet");
  return {cmd, [o](App& app) { return RunSolution(app, *o); }};
}

int RunSolution(App& app, const SolutionOptions& o) {
  std::string err;
  const Exercise* e = app.kit().Find(o.name, &err);
  if (!e) {
    PrintError(err);
    return kExitUsage;
  }
  Progress progress;
  if (!app.store().Load(&progress, &err)) {
    PrintError(err);
    return kExitError;
  }
  if (!HasPassed(progress, *e) && !o.force) {
    PrintError("'" + e->name() + "' has not passed yet; try '" + app.Cmd("hint " + e->name()) +
               "' first, or add --force to see the solution anyway");
    return kExitUsage;
  }
  for (const auto& f : e->manifest.edit) {
    const fs::path solution = app.kit().SolutionDir(*e) / f;
    if (!fs::exists(solution)) {
      PrintError("the kit has no solution file '" + DisplayPath(solution) + "'");
      return kExitError;
    }
    fmt::print("{}\n", app.term().Bold("Reference fix for " + DisplayPath(e->EditPath(f)) +
                                       " (full file: " + DisplayPath(solution) + "):"));
    ProcessSpec diff;
    diff.argv = {"diff", "-u", "--label", "starting version", "--label", "solution",
                 e->PristinePath(f).string(), solution.string()};
    diff.timeout = std::chrono::seconds(10);
    const ProcessResult r = RunProcess(diff);
    if (r.started && r.exit_code == 1) {
      fmt::print("{}\n", r.output);
    } else {
      std::string text;
      ReadFile(solution, &text);
      fmt::print("{}\n", text);
    }
  }
  return kExitOk;
}

}  // namespace threadlings
