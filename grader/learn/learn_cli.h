// The learner's loop: its subcommands (watch, status, list, verify, hint, reset, solution) and
// the kit author's `dev check` and `dev pristine`. Each has an options struct (what tests
// fill), a Setup that declares its flags, and a Run that does the work and returns the exit
// code.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "command.h"

namespace threadlings {

/// What to do right after one exercise passed in a terminal (main wires the quiz's cards in;
/// empty: nothing). `lang` is the --lang flag.
using AfterPass = std::function<void(App& app, const Exercise& e, const std::string& lang)>;

struct ListOptions {};
Command SetupList(CLI::App& parent);
int RunList(App& app, const ListOptions& o);

struct VerifyOptions {
  std::vector<std::string> names;  ///< exercises to verify
  bool all = false;                ///< every exercise
  bool force = false;              ///< rerun even if unchanged since a pass
  std::string seed;                ///< perturbation seed for the checks
  bool no_cards = false;           ///< no flashcards after a pass
  std::string lang;                ///< language of those cards
  AfterPass after_pass;            ///< cards after a pass (unless no_cards)
  /// What leads the progress line when several exercises are verified ("check all 2/6");
  /// empty: "verify".
  std::string progress_label;
  /// Told each verdict that was built and run (not the cached passes), after it is printed.
  std::function<void(const Exercise&, const Outcome&)> on_outcome;
};
Command SetupVerify(CLI::App& parent, AfterPass after_pass = {});
int RunVerify(App& app, const VerifyOptions& o);

struct HintOptions {
  std::string name;  ///< empty: the current exercise
  bool all = false;  ///< show every hint
};
Command SetupHint(CLI::App& parent);
int RunHint(App& app, const HintOptions& o);

struct ResetOptions {
  std::string name;
  bool yes = false;  ///< do not ask
};
Command SetupReset(CLI::App& parent);
int RunReset(App& app, const ResetOptions& o);

struct SolutionOptions {
  std::string name;
  bool force = false;  ///< show it even before the exercise passed
};
Command SetupSolution(CLI::App& parent);
int RunSolution(App& app, const SolutionOptions& o);

struct DevCheckOptions {
  std::vector<std::string> names;  ///< empty: every exercise
  int runs = 1;                    ///< how many times to run each variant
  int jobs = 1;                    ///< variants whose checks run at the same time
  bool attempts = true;            ///< also run the blind attempts of tests/attempts/
  bool messages = false;           ///< print every variant's message, not only failures
  std::string seed;
  /// Also checks the question bank when every exercise is checked (wired by main); returns
  /// an exit code. Empty: no bank check.
  std::function<int(App&)> check_bank;
};
struct DevPristineOptions {
  std::string name;
};
int RunDevCheck(App& app, const DevCheckOptions& o);
int RunDevPristine(App& app, const DevPristineOptions& o);

/// `threadlings status`: a status line, the current exercise, how to go on.
Command SetupStatus(CLI::App& parent);
int RunStatus(App& app);

struct WatchOptions {
  std::string start;      ///< exercise to start at (else the current one)
  bool no_cards = false;  ///< no flashcards after a pass
  std::string lang;
  AfterPass after_pass;   ///< cards after a pass (unless no_cards)
};
/// `threadlings watch`, and `threadlings` alone: the learner's loop.
Command SetupWatch(CLI::App& parent, AfterPass after_pass = {});
int RunWatch(App& app, const WatchOptions& o);

}  // namespace threadlings
