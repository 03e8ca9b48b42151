#include <fmt/core.h>

#include <cctype>

#include "advice.h"
#include "learn_cli.h"
#include "terminal_text.h"

namespace threadlings {
namespace {

// What to do after hint `shown` (1-based): the next one, or once the last was shown, the solution.
std::string AfterHint(const App& app, const Exercise& e, int shown) {
  if (shown < int(e.manifest.hints.size())) {
    std::string how = app.HowTo('h', "hint " + e.name());
    how[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(how[0])));
    return "Still stuck? " + how + " again.";
  }
  if (app.in_watch()) return "That was the last hint. Once it passes, press s for the reference fix.";
  return "That was the last hint. Once it passes, '" + app.Cmd("solution " + e.name()) + "' shows the reference fix.";
}

}  // namespace

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
    fmt::print("{} {}\n{}\n", app.term().Bold(fmt::format("Hint {}/{} ({}):", i + 1, hints.size(), HintKind(size_t(i)))),
               e->dir_name, Fit("  " + hints[size_t(i)], "  "));
  fmt::print("{}\n", app.term().Dim(Fit(AfterHint(app, *e, shown), "")));
  return kExitOk;
}

}  // namespace threadlings
