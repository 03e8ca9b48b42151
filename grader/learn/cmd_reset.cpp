#include <fmt/core.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <iostream>

#include "learn_cli.h"

namespace threadlings {

Command SetupReset(CLI::App& parent) {
  auto o = std::make_shared<ResetOptions>();
  auto* cmd = parent.add_subcommand(
      "reset", "Put an exercise back to its broken starting state (your version is backed up)");
  cmd->add_option("name", o->name, "Exercise")->required();
  cmd->add_flag("--yes,-y", o->yes, "Do not ask before overwriting");
  return {cmd, [o](App& app) { return RunReset(app, *o); }};
}

namespace {

// The learner's files of `e` that differ from their starting version; false with a message
// when a starting version is missing.
bool ChangedFiles(const Exercise& e, std::vector<std::string>* changed) {
  for (const auto& f : e.manifest.edit) {
    std::string original, current;
    if (!ReadFile(e.PristinePath(f), &original)) {
      PrintError("the starting version '" + DisplayPath(e.PristinePath(f)) +
                 "' is missing, so it cannot be restored; get it back from the kit's "
                 "repository (git checkout -- " + DisplayPath(e.dir) + ")");
      return false;
    }
    if (!ReadFile(e.EditPath(f), &current) || current != original) changed->push_back(f);
  }
  return true;
}

// Asks before overwriting the learner's changes; an exit code when the reset must not go on.
std::optional<int> Confirm(const App& app, const Exercise& e) {
  if (!StdinIsTerminal()) {
    PrintError("not overwriting your changes to " + e.dir_name +
               " without confirmation; add --yes to reset anyway");
    return kExitUsage;
  }
  fmt::print("Reset {} to its starting state? Your version is kept in {}. [y/N] ", e.dir_name,
             DisplayPath(app.kit().StateDir() / "backup"));
  std::fflush(stdout);
  std::string answer;
  std::getline(std::cin, answer);
  if (answer != "y" && answer != "Y" && answer != "yes") {
    fmt::print("Nothing changed.\n");
    return kExitOk;
  }
  return std::nullopt;
}

// Backs up the learner's version of each of `changed` and puts the starting version back;
// false with a message (then nothing more is overwritten).
bool BackUpAndRestore(const App& app, const Exercise& e, const std::vector<std::string>& changed) {
  std::string err;
  const auto stamp = std::to_string(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
  for (const auto& f : changed) {
    std::string current, original;
    ReadFile(e.PristinePath(f), &original);
    if (ReadFile(e.EditPath(f), &current)) {
      const fs::path backup = app.kit().StateDir() / "backup" / e.dir_name / (f + "." + stamp);
      if (!WriteFileAtomic(backup, current, &err)) {
        PrintError("cannot back up your version, so nothing was reset: " + err);
        return false;
      }
      fmt::print("Saved your version as {}\n", DisplayPath(backup));
    }
    if (!WriteFileAtomic(e.EditPath(f), original, &err)) {
      PrintError(err);
      return false;
    }
    fmt::print("Restored {}\n", DisplayPath(e.EditPath(f)));
  }
  return true;
}

}  // namespace

int RunReset(App& app, const ResetOptions& o) {
  std::string err;
  const Exercise* e = app.kit().Find(o.name, &err);
  if (!e) {
    PrintError(err);
    return kExitUsage;
  }
  if (!e->load_error.empty()) {
    PrintError(e->load_error);
    return kExitError;
  }
  std::vector<std::string> changed;
  if (!ChangedFiles(*e, &changed)) return kExitError;
  if (changed.empty()) {
    fmt::print("{} is already in its starting state.\n", e->dir_name);
    return kExitOk;
  }
  if (!o.yes)
    if (const auto code = Confirm(app, *e)) return *code;
  if (!BackUpAndRestore(app, *e, changed)) return kExitError;
  app.store().Update([&](Progress& p) { p.exercises.erase(e->name()); }, &err);
  return kExitOk;
}

}  // namespace threadlings
