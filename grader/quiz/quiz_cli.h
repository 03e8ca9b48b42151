// The quiz's subcommands: quiz, interview, stats, export, config, and the kit author's
// `dev cards`.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "command.h"

namespace threadlings {

struct QuizOptions {
  std::vector<std::string> topics;  ///< empty: every topic
  int count = 10;
  std::string lang;                 ///< en, ru, or empty (setting, then locale)
  std::string track;                ///< all, cpp, or empty (the setting 'track', else all)
};
struct InterviewOptions {
  double minutes = 15;
  std::vector<std::string> topics;
  std::string lang;
  unsigned seed = 0;                ///< 0: a fresh random mix
  std::string track;                ///< all, cpp, or empty (the setting 'track', else all)
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

/// `threadlings dev cards`: validates the question bank; `quiet` prints only problems.
int RunDevCards(App& app, bool quiet);

/// Offers a card or two on the exercise's topics after it passed (interactive terminals only):
/// what the learner's loop calls through its AfterPass hook.
void OfferCardsAfterExercise(App& app, const Exercise& e, const std::string& lang);

}  // namespace threadlings
