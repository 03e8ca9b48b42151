// The subcommands. Each has an options struct (what tests fill), a Setup that declares its
// flags on the command line, and a Run that does the work and returns the exit code.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "app.h"

namespace threadlings {

/// A declared subcommand and the function that runs it once parsed.
struct Command {
  CLI::App* cli = nullptr;
  std::function<int(App&)> run;
  bool needs_exercises = true;  ///< false: the kit's folder is enough (no manifests read)
};

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
};
Command SetupVerify(CLI::App& parent);
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
  std::string seed;
};
struct DevPristineOptions {
  std::string name;
};
/// `threadlings dev check` and `threadlings dev pristine`.
std::vector<Command> SetupDev(CLI::App& parent);
int RunDevCheck(App& app, const DevCheckOptions& o);
int RunDevPristine(App& app, const DevPristineOptions& o);
/// `threadlings dev cards`: validates the question bank; `quiet` prints only problems.
int RunDevCards(App& app, bool quiet);

struct QuizOptions {
  std::vector<std::string> topics;  ///< empty: every topic
  int count = 10;
  std::string lang;                 ///< en, ru, or empty (setting, then locale)
};
struct InterviewOptions {
  double minutes = 15;
  std::vector<std::string> topics;
  std::string lang;
  unsigned seed = 0;                ///< 0: a fresh random mix
};
struct StatsOptions {
  std::string lang;
};
struct ExportOptions {
  std::string format;  ///< anki
  std::string file;    ///< "-" for stdout
  std::string lang;
  std::vector<std::string> topics;
};
struct ConfigOptions {
  std::string key;
  std::string value;
};
/// `quiz`, `interview`, `stats`, `export`, `config`.
std::vector<Command> SetupQuiz(CLI::App& parent);
int RunQuiz(App& app, const QuizOptions& o);
int RunInterview(App& app, const InterviewOptions& o);
int RunStats(App& app, const StatsOptions& o);
int RunExport(App& app, const ExportOptions& o);
int RunConfig(App& app, const ConfigOptions& o);

/// `threadlings status`: a status line, the current exercise, how to go on.
Command SetupStatus(CLI::App& parent);
int RunStatus(App& app);

/// `threadlings grade` and `threadlings grade merge` (grading submissions in CI).
std::vector<Command> SetupGrade(CLI::App& parent);

struct WatchOptions {
  std::string start;      ///< exercise to start at (else the current one)
  bool no_cards = false;  ///< no flashcards after a pass
  std::string lang;
};
/// `threadlings watch`, and `threadlings` alone: the learner's loop.
Command SetupWatch(CLI::App& parent);
int RunWatch(App& app, const WatchOptions& o);

}  // namespace threadlings
