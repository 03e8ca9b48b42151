// What every subcommand shares: the global options, the kit, the progress store, the
// terminal, and helpers to print an outcome.
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

  /// Finds the toolchain once; false with a message.
  bool GetToolchain(Toolchain* out, std::string* err);

  /// The exercise to work on: the one the learner moved to in the watch loop (Progress::current)
  /// while it has not passed, else the first not passed in learning order; nullptr when all passed.
  const Exercise* Current(const Progress& p) const;

  /// Prints one outcome: the label line, the summary at the learner's line, details, the
  /// explanation and the next step.
  void PrintOutcome(const Exercise& e, const Outcome& o, bool teach = true) const;

 private:
  GlobalOptions options_;
  Kit kit_;
  std::unique_ptr<ProgressStore> store_;
  Term term_;
  std::optional<Toolchain> toolchain_;
};

/// `where` as "path:line" for display (relative to the working directory when possible).
std::string ShowLocation(const Location& where);

}  // namespace threadlings
