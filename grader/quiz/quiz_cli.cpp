// The quiz room's command line: the subcommands quiz, interview, stats, export and config
// (each run in its cmd_<name>.cpp), and the cards offered after an exercise passed.
#include "quiz_cli.h"

#include "quiz.h"

namespace threadlings {
namespace {

const std::vector<std::string> kSettings = {"cards-after-pass", "lang", "track"};
const char* kTrackHelp = "Cards to ask: all, or cpp to leave out the Python-only cards (default: the 'track' setting, else all)";

}  // namespace

std::vector<Command> SetupQuiz(CLI::App& parent) {
  std::vector<Command> out;
  const std::string lang_help = "Language of the cards: en or ru (default: the 'lang' setting, else LANG)";
  {
    auto o = std::make_shared<QuizOptions>();
    auto* c = parent.add_subcommand("quiz", "Flashcards from the notes: due cards first, scheduled by FSRS");
    c->add_option("--topic,-t", o->topics, "Only cards on this topic (repeat or comma-separate)");
    c->add_option("--count,-n", o->count, "How many cards at most")->check(CLI::Range(1, 500));
    c->add_option("--lang", o->lang, lang_help)->check(CLI::IsMember({"en", "ru"}));
    c->add_option("--track", o->track, kTrackHelp)->check(CLI::IsMember({"all", "cpp"}));
    c->footer("Open questions: press Enter to see the answer, then rate yourself 1 again, 2 hard, "
              "3 good, 4 easy. Choice, true/false and code cards are graded for you. s skips a "
              "card, q ends the session; every answer is saved at once.");
    out.push_back({c, [o](App& app) { return RunQuiz(app, *o); }, false});
  }
  {
    auto o = std::make_shared<InterviewOptions>();
    auto* c = parent.add_subcommand("interview", "A timed mock interview across topics, weighted toward your weak ones");
    c->add_option("--minutes,-m", o->minutes, "Length of the interview")->check(CLI::Range(0.5, 180.0));
    c->add_option("--topics,-t", o->topics, "Only these topics (repeat or comma-separate)");
    c->add_option("--lang", o->lang, lang_help)->check(CLI::IsMember({"en", "ru"}));
    c->add_option("--seed", o->seed, "Repeat the same mix of questions (and order of options)");
    c->add_option("--track", o->track, kTrackHelp)->check(CLI::IsMember({"all", "cpp"}));
    c->footer("The time is enforced: an answer given after it ran out is shown but does not count.");
    out.push_back({c, [o](App& app) { return RunInterview(app, *o); }, false});
  }
  {
    auto o = std::make_shared<StatsOptions>();
    auto* c = parent.add_subcommand("stats", "Your reviews: due cards, retention, weakest topics, streak");
    c->add_option("--lang", o->lang, lang_help)->check(CLI::IsMember({"en", "ru"}));
    out.push_back({c, [o](App& app) { return RunStats(app, *o); }, false});
  }
  {
    auto o = std::make_shared<ExportOptions>();
    auto* c = parent.add_subcommand("export", "Export the question bank (for Anki)");
    c->add_option("format", o->format, "Export format: anki")->required()->check(CLI::IsMember({"anki"}));
    c->add_option("file", o->file, "File to write ('-' for standard output)")->required();
    c->add_option("--lang", o->lang, lang_help)->check(CLI::IsMember({"en", "ru"}));
    c->add_option("--topic,-t", o->topics, "Only cards on this topic (repeat or comma-separate)");
    c->footer("Import in Anki with File > Import: the file's header lines set the separator, note "
              "type (Basic), deck (threadlings::<topic>) and tags.");
    out.push_back({c, [o](App& app) { return RunExport(app, *o); }, false});
  }
  {
    auto o = std::make_shared<ConfigOptions>();
    auto* c = parent.add_subcommand("config", "Show or change a setting: cards-after-pass (on|off), lang (auto|en|ru), track (all|cpp)");
    c->add_option("key", o->key, "Setting to show or change")->check(CLI::IsMember(kSettings));
    c->add_option("value", o->value, "New value");
    out.push_back({c, [o](App& app) { return RunConfig(app, *o); }, false});
  }
  return out;
}

void OfferCardsAfterExercise(App& app, const Exercise& e, const std::string& lang) {
  OfferCardsAfterPass(app.kit(), app.options().data_dir, e.name(), e.manifest.topics, lang, app.term(),
                      app.options().program);
}

}  // namespace threadlings
