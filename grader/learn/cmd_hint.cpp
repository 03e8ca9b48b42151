#include <fmt/core.h>

#include "learn_cli.h"

namespace threadlings {

Command SetupHint(CLI::App& parent) {
  auto o = std::make_shared<HintOptions>();
  auto* cmd = parent.add_subcommand(
      "hint", "Show the next hint for an exercise: a nudge, then a question, then nearly the answer");
  cmd->add_option("name", o->name, "Exercise (default: the current one)");
  cmd->add_flag("--all,-a", o->all, "Show every hint at once");
  return {cmd, [o](App& app) { return RunHint(app, *o); }};
}

int RunHint(App& app, const HintOptions& o) {
  std::string err;
  Progress progress;
  if (!app.store().Load(&progress, &err)) {
    PrintError(err);
    return kExitError;
  }
  const Exercise* e = o.name.empty() ? app.Current(progress) : app.kit().Find(o.name, &err);
  if (!e) {
    if (o.name.empty()) {
      fmt::print("Every exercise has passed: no hints needed.\n");
      return kExitOk;
    }
    PrintError(err);
    return kExitUsage;
  }
  if (!e->load_error.empty()) {
    PrintError(e->load_error);
    return kExitError;
  }
  static const char* kKinds[] = {"a nudge", "a question", "nearly the answer"};
  const auto& hints = e->manifest.hints;
  int shown = 0;
  const bool saved = app.store().Update(
      [&](Progress& p) {
        int& n = p.exercises[e->name()].hints_shown;
        n = o.all ? int(hints.size()) : std::min<int>(n + 1, int(hints.size()));
        shown = n;
      },
      &err);
  if (!saved) {
    PrintError(err);
    return kExitError;
  }
  const int first = o.all ? 0 : shown - 1;
  for (int i = first; i < shown; ++i)
    fmt::print("{} {}\n  {}\n", app.term().Bold(fmt::format("Hint {}/{} ({}):", i + 1, hints.size(), kKinds[i % 3])),
               e->dir_name, hints[size_t(i)]);
  if (shown < int(hints.size()))
    fmt::print("{}\n", app.term().Dim("Still stuck? Run '" + app.Cmd("hint " + e->name()) + "' again."));
  else
    fmt::print("{}\n", app.term().Dim("That was the last hint. Once it passes, '" +
                                      app.Cmd("solution " + e->name()) + "' shows the reference fix."));
  return kExitOk;
}

}  // namespace threadlings
