// What every subcommand shares: the global options, the kit, the progress store, the
// terminal, and how to name the learner's next step.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "build.h"
#include "engine.h"
#include "kit.h"
#include "state.h"
#include "term.h"
#include "verdict.h"

namespace threadlings {

// The exit codes of the threadlings command (kExitOk...) are in verdict.h.

/// Options that every subcommand accepts.
struct GlobalOptions {
  std::string kit;           ///< --kit: the kit folder (default: found from the working directory)
  std::string cxx;           ///< --cxx: compiler for the checks (default: DefaultCompiler())
  std::string color = "auto";  ///< --color auto|always|never
  bool verbose = false;      ///< --verbose: raw reports and full compiler output
  std::string data_dir;      ///< --data-dir: where the quiz keeps its store (see QuizDataDir)
  std::string program = "threadlings";  ///< how the user runs us ("./threadlings"), for hints
};

/// The opened kit and the learner's progress.
class App {
 public:
  explicit App(GlobalOptions options);

  /// Opens the kit (reading every manifest unless `with_exercises` is false, for commands
  /// that need only its folders); false with a message.
  bool Open(std::string* err, bool with_exercises = true);

  const GlobalOptions& options() const { return options_; }
  const Kit& kit() const { return kit_; }
  const ProgressStore& store() const { return *store_; }
  const Term& term() const { return term_; }

  /// A command line to suggest: Cmd("verify x") -> "./threadlings verify x" (as the user runs us).
  std::string Cmd(const std::string& args) const { return options_.program + " " + args; }

  /// Inside the watch loop, advice names keys instead of commands (see HowTo).
  void SetInWatch(bool in_watch) { in_watch_ = in_watch; }
  bool in_watch() const { return in_watch_; }
  /// How the learner does something: "press h" in the watch loop, else "run './threadlings
  /// hint x'" (`key` 0: there is no key for it, the command is named everywhere).
  std::string HowTo(char key, const std::string& args) const;

  /// Finds the toolchain once; false with a message.
  bool GetToolchain(Toolchain* out, std::string* err);

  /// The exercise to work on: the one the learner moved to in the watch loop (Progress::current)
  /// while it has not passed; once it passed, the next one not passed after it in learning
  /// order (wrapping round, so one skipped earlier comes last); without a current one, the
  /// first not passed. nullptr when all passed.
  const Exercise* Current(const Progress& p) const;

 private:
  GlobalOptions options_;
  Kit kit_;
  std::unique_ptr<ProgressStore> store_;
  Term term_;
  std::optional<Toolchain> toolchain_;
  bool in_watch_ = false;
};

/// `where` as "path:line" for display (relative to the working directory when possible).
std::string ShowLocation(const Location& where);

}  // namespace threadlings
