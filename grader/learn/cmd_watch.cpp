// `threadlings` (or `threadlings watch`): the learner's loop. Shows the current exercise,
// verifies it, and verifies it again a moment after each save of a file the learner edits
// (save_watcher.h). On a terminal, single keys drive it (raw_terminal.h, watch_keys.cpp);
// with stdin not a terminal it re-runs on save only. The loop itself is watch_loop.h.
#include <cerrno>
#include <cstring>

#include "learn_cli.h"
#include "process.h"
#include "raw_terminal.h"
#include "save_watcher.h"
#include "watch_loop.h"

namespace threadlings {

Command SetupWatch(CLI::App& parent, AfterPass after_pass) {
  auto o = std::make_shared<WatchOptions>();
  o->after_pass = std::move(after_pass);
  auto* cmd = parent.add_subcommand(
      "watch", "Work through the course: verify the current exercise on every save (also: threadlings alone)");
  cmd->add_option("exercise", o->start,
                  "Start at this exercise (name, number or folder); it becomes the current one");
  cmd->add_flag("--no-cards", o->no_cards, "No flashcards after a pass");
  cmd->add_option("--lang", o->lang, "Language of the flashcards: en or ru")->check(CLI::IsMember({"en", "ru"}));
  cmd->footer(
      "Keys: n next exercise (once this one passes), h next hint, v full report of the last verdict, "
      "l list and jump, r re-run, c check all, x reset this exercise (asks y/N, one key), s solution "
      "(after a pass), q quit. On a terminal one line shows what it is doing while it works. With stdin "
      "not a terminal there are no keys: it re-runs on every save until interrupted.");
  return {cmd, [o](App& app) { return RunWatch(app, *o); }};
}

int RunWatch(App& app, const WatchOptions& o) {
  InstallInterruptHandlers();
  SaveWatcher watcher;
  if (!watcher.ok()) {
    PrintError("cannot watch files (inotify: " + std::string(std::strerror(errno)) +
               "); use '" + app.Cmd("verify") + "' after each edit instead");
    return kExitError;
  }
  RawTerminal term;
  WatchLoop loop(app, o, watcher, term);
  return loop.Run();
}

}  // namespace threadlings
