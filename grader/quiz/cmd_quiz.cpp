// `threadlings quiz`: the due and new cards of a session, with reviews kept in the quiz store
// (review_store.h).
#include <fmt/core.h>

#include <iostream>

#include "quiz.h"
#include "quiz_cli.h"
#include "quiz_session.h"

namespace threadlings {
namespace {

// Nothing to ask: says so, and when the next card on these topics is due.
void ReportNothingDue(App& app, const Session& s, const std::vector<std::string>& topics, int64_t now) {
  const Lang lang = s.lang;
  int64_t next = 0;
  for (const Card& c : s.bank.cards) {
    const auto it = s.memories.find(c.id);
    if (it == s.memories.end()) continue;
    bool on_topic = topics.empty();
    for (const auto& tp : topics) on_topic = on_topic || c.HasTopic(tp);
    if (on_topic && (next == 0 || it->second.due < next)) next = it->second.due;
  }
  fmt::print("{}", fmt::format(fmt::runtime(Tr(lang, "Nothing is due on {}. ", "По теме «{}» ничего не запланировано. ")),
                               TopicList(topics, lang)));
  if (next > now)
    fmt::print(fmt::runtime(Tr(lang, "The next card is due in {}.\n", "Следующая карточка — через {}.\n")), FormatDelay(next - now, lang));
  else
    fmt::print("\n");
  fmt::print(fmt::runtime(Tr(lang, "'{}' shows your progress.\n", "'{}' покажет ваш прогресс.\n")), app.Cmd("stats"));
}

// What a session did.
struct Tally {
  int answered = 0, right = 0, skipped = 0;
};

// Asks the cards in turn until the learner stops; a card answered Again comes back once at the
// end of the session (a learning step). False on a store error (printed).
bool AskQueue(QuizContext& q, std::vector<const Card*> queue, Tally* tally) {
  std::map<std::string, int> shown;
  std::string err;
  for (size_t i = 0; i < queue.size(); ++i) {
    const Card& card = *queue[i];
    const std::string header = fmt::format("[{}/{}] {}", i + 1, queue.size(), card.topics[0]);
    Answer a;
    switch (AskCard(q, card, header, &a, &err)) {
      case AskResult::kAnswered:
        ++tally->answered;
        tally->right += a.right ? 1 : 0;
        if (a.rating == Rating::kAgain && ++shown[card.id] < 2) queue.push_back(&card);
        break;
      case AskResult::kSkipped:
        ++tally->skipped;
        break;
      case AskResult::kQuit:
      case AskResult::kEnd:
      case AskResult::kLate:  // a quiz has no deadline
        return true;
      case AskResult::kError:
        PrintError(err);
        return false;
    }
  }
  return true;
}

// The session's summary, with the cards still due on its topics.
int ReportDone(App& app, Session& s, const std::vector<std::string>& topics, const Tally& tally) {
  const Lang lang = s.lang;
  std::string err;
  std::map<std::string, Memory> after;
  if (!s.store.LoadMemories(&after, &err)) {
    PrintError(err);
    return kExitError;
  }
  const Pick rest = PickCards(s.bank, after, topics, 1000, QuizNow());
  fmt::print("\n{}\n", app.term().Bold(fmt::format(fmt::runtime(Tr(lang, "Done: {} answered, {} right or known, {} skipped. Still due on {}: {}.",
                                                                    "Готово: отвечено {}, верно или знали {}, пропущено {}. Ещё к повторению ({}): {}.")),
                                                   tally.answered, tally.right, tally.skipped, TopicList(topics, lang), rest.due)));
  fmt::print(fmt::runtime(Tr(lang, "Saved in {}. '{}' shows your progress.\n", "Сохранено в {}. '{}' покажет прогресс.\n")),
             DisplayPath(s.store.path()), app.Cmd("stats"));
  return kExitOk;
}

}  // namespace

int RunQuiz(App& app, const QuizOptions& o) {
  const std::vector<std::string> topics = SplitTopics(o.topics);
  if (!CheckTopics(topics)) return kExitUsage;
  Session s;
  if (!OpenSession(app, o.lang, &s) || !ApplyTrack(o.track, &s)) return kExitError;
  const Lang lang = s.lang;
  const Term& t = app.term();
  const int64_t now = QuizNow();
  const Pick pick = PickCards(s.bank, s.memories, topics, o.count, now);
  if (pick.cards.empty()) {
    ReportNothingDue(app, s, topics, now);
    return kExitOk;
  }
  fmt::print("{}\n", t.Bold(fmt::format(fmt::runtime(Tr(lang, "Quiz: {} card(s) ({} due, {} new) · {}",
                                                          "Повторение: карточек — {} (по плану {}, новых {}) · {}")),
                                        pick.cards.size(), pick.due, pick.fresh, TopicList(topics, lang))));
  const Fsrs fsrs;
  QuizContext q{s.bank, s.store, fsrs, t, lang, std::cin, std::cout, "quiz"};
  Tally tally;
  if (!AskQueue(q, pick.cards, &tally)) return kExitError;
  return ReportDone(app, s, topics, tally);
}

}  // namespace threadlings
