#include <fmt/core.h>

#include "course_progress.h"
#include "learn_cli.h"

namespace threadlings {

Command SetupStatus(CLI::App& parent) {
  auto* cmd = parent.add_subcommand("status", "Where you are: progress, the current exercise, what to edit");
  return {cmd, [](App& app) { return RunStatus(app); }};
}

int RunStatus(App& app) {
  std::string err;
  Progress progress;
  if (!app.store().Load(&progress, &err)) {
    PrintError(err);
    return kExitError;
  }
  const Term& t = app.term();
  fmt::print("threadlings: {} exercises passed\n",
             ProgressBar(CountPassed(app.kit(), progress), app.kit().exercises().size(), 20));
  const Exercise* current = app.Current(progress);
  if (!current) {
    fmt::print("{}\n", t.Good("Every exercise passes. '" + app.Cmd("verify --all") + "' checks them again."));
    return kExitOk;
  }
  const auto it = progress.exercises.find(current->name());
  fmt::print("\nCurrent: {} — {}\n", t.Bold(current->dir_name), current->manifest.title);
  if (it != progress.exercises.end() && !it->second.verdict.empty())
    fmt::print("  Last verdict: {}\n", it->second.verdict);
  for (const auto& f : current->manifest.edit) {
    const int line = FindTodoLine(current->EditPath(f));
    fmt::print("  Edit:    {}{}\n", DisplayPath(current->EditPath(f)), line ? ":" + std::to_string(line) : "");
  }
  fmt::print("  Read:    {}\n", DisplayPath(current->dir / "README.md"));
  fmt::print("  Check:   {}\n", app.Cmd("verify " + current->name()));
  fmt::print("  Stuck?   {}\n", app.Cmd("hint " + current->name()));
  fmt::print("  All:     {}\n", app.Cmd("list"));
  return kExitOk;
}

}  // namespace threadlings
