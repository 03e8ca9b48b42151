// `threadlings interview`: a timed mock interview across topics, weighted toward the learner's
// weak ones, with a table of results and the cards to revisit at the end.
#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <random>
#include <set>

#include "quiz.h"
#include "quiz_cli.h"
#include "quiz_session.h"
#include "topics.h"

namespace threadlings {
namespace {

// Topic weights: weaker topics come up more (a topic never reviewed counts as 50 %).
struct TopicMix {
  std::vector<std::string> pool;                   ///< the topics to ask on
  std::vector<double> weights;                     ///< one per topic of the pool
  std::vector<std::pair<double, std::string>> weak;  ///< reviewed topics by accuracy, weakest first
};

TopicMix MixTopics(const std::map<std::string, TopicScore>& past, const std::vector<std::string>& topics) {
  TopicMix mix;
  mix.pool = topics.empty() ? TopicSlugs() : topics;
  for (const auto& tp : mix.pool) {
    const auto it = past.find(tp);
    const double acc = it == past.end() ? 0.5 : it->second.Accuracy();
    mix.weights.push_back(0.25 + (1.0 - acc) * (1.0 - acc) * 4.0);
    if (it != past.end()) mix.weak.emplace_back(acc, tp);
  }
  std::sort(mix.weak.begin(), mix.weak.end());
  return mix;
}

void PrintIntro(const Term& t, Lang lang, double minutes, const std::vector<std::string>& topics, const TopicMix& mix) {
  fmt::print("{}\n", t.Bold(fmt::format(fmt::runtime(Tr(lang, "Mock interview: {:g} min · {}", "Пробное собеседование: {:g} мин · {}")),
                                        minutes, TopicList(topics, lang))));
  std::string weak_list;
  for (size_t i = 0; i < mix.weak.size() && i < 3; ++i) weak_list += (i ? ", " : "") + mix.weak[i].second;
  if (!weak_list.empty())
    fmt::print(fmt::runtime(Tr(lang, "More questions on your weaker topics: {}.\n", "Больше вопросов по слабым темам: {}.\n")), weak_list);
  fmt::print("{}\n", t.Dim(Tr(lang, "Answer as you would out loud, then rate yourself honestly. q ends the interview early.",
                              "Отвечайте, как вслух на собеседовании, затем честно оцените себя. q — закончить досрочно.")));
}

struct TopicTally {
  int asked = 0, right = 0;
};

// An interview under way: what was asked, how it went, what to revisit.
struct Interview {
  const Session& s;
  const Fsrs& fsrs;
  const TopicMix& mix;
  std::mt19937 rng;
  int64_t now = 0;
  std::set<std::string> asked_ids{};
  std::map<std::string, TopicTally> by_topic{};  ///< by the card's first topic
  std::vector<const Card*> revisit{};          ///< skipped, wrong or hard
  bool time_up = false;                        ///< the interview ended because the time ran out
  int64_t late_by = 0;                         ///< seconds past the end of an answer that did not count

  // A topic by weight, then the card on it not yet asked that the learner is least likely to
  // recall; null when the draws find none.
  const Card* NextCard() {
    std::discrete_distribution<size_t> pick_topic(mix.weights.begin(), mix.weights.end());
    for (int attempt = 0; attempt < 50; ++attempt) {
      const std::string& tp = mix.pool[pick_topic(rng)];
      std::vector<const Card*> candidates;
      for (const Card& c : s.bank.cards)
        if (c.HasTopic(tp) && !asked_ids.count(c.id)) candidates.push_back(&c);
      if (candidates.empty()) continue;
      std::shuffle(candidates.begin(), candidates.end(), rng);
      std::stable_sort(candidates.begin(), candidates.end(), [&](const Card* a, const Card* b) {
        auto recall = [&](const Card* c) {
          const auto it = s.memories.find(c->id);
          return it == s.memories.end() ? 0.5 : fsrs.RecallNow(it->second, now);
        };
        return recall(a) < recall(b);
      });
      return candidates.front();
    }
    return nullptr;
  }

  // Counts an answered or skipped card; what was not known well comes back in the list.
  void Count(const Card& card, AskResult r, const Answer& a) {
    TopicTally& row = by_topic[card.topics[0]];
    ++row.asked;
    if (r == AskResult::kAnswered && a.right && a.rating != Rating::kHard) ++row.right;
    else revisit.push_back(&card);
  }
};

// Asks cards until the time is up, the cards run out or the learner stops; an answer given
// after the time ran out is not counted. False on a store error (printed).
bool AskUntilTimeIsUp(Interview& iv, QuizContext& q, std::chrono::duration<double> limit,
                      std::chrono::steady_clock::time_point start) {
  const Lang lang = q.lang;
  const auto end = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(limit);
  q.deadline = end;
  std::string err;
  for (int number = 1;; ++number) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= end) {
      iv.time_up = true;
      fmt::print("\n{}\n", q.term.Warn(Tr(lang, "Time is up.", "Время вышло.")));
      return true;
    }
    const Card* card = iv.NextCard();
    if (!card) {
      fmt::print("\n{}\n", Tr(lang, "You have seen every question on these topics.", "Вы ответили на все вопросы по этим темам."));
      return true;
    }
    iv.asked_ids.insert(card->id);
    const auto left = std::chrono::duration_cast<std::chrono::seconds>(end - now).count();
    const std::string header = fmt::format(fmt::runtime(Tr(lang, "Q{} · {}:{:02} left · {}", "В{} · осталось {}:{:02} · {}")),
                                           number, left / 60, left % 60, card->topics[0]);
    Answer a;
    const AskResult r = AskCard(q, *card, header, &a, &err);
    if (r == AskResult::kError) {
      PrintError(err);
      return false;
    }
    if (r == AskResult::kLate) {
      iv.time_up = true;
      iv.late_by = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - end).count();
      fmt::print("\n{}\n", q.term.Warn(fmt::format(fmt::runtime(Tr(lang, "Time ran out {} s before this answer: it does not count.",
                                                                    "Время вышло за {} с до этого ответа: он не засчитан.")),
                                                    iv.late_by)));
      return true;
    }
    if (r == AskResult::kQuit || r == AskResult::kEnd) return true;
    iv.Count(*card, r, a);
  }
}

// How the time went: used of the limit, and whether it ran out.
void PrintTime(const Interview& iv, Lang lang, int64_t took, int64_t limit) {
  const int64_t used = std::min(took, limit);
  std::string how;
  if (iv.late_by > 0)
    how = fmt::format(fmt::runtime(Tr(lang, "time ran out; the last answer came {} s late and did not count",
                                      "время вышло; последний ответ опоздал на {} с и не засчитан")),
                      iv.late_by);
  else
    how = iv.time_up ? Tr(lang, "time ran out", "время вышло") : Tr(lang, "ended before the time ran out", "закончено досрочно");
  fmt::print(fmt::runtime(Tr(lang, "Time: {}:{:02} of {}:{:02} ({}).\n", "Время: {}:{:02} из {}:{:02} ({}).\n")), used / 60,
             used % 60, limit / 60, limit % 60, how);
}

// The results by topic and the cards to revisit.
void PrintResults(App& app, const Interview& iv, Lang lang, int64_t took, int64_t limit) {
  const Term& t = app.term();
  int asked = 0, right = 0;
  for (const auto& [_, r] : iv.by_topic) {
    asked += r.asked;
    right += r.right;
  }
  fmt::print("\n{}\n", t.Bold(fmt::format(fmt::runtime(Tr(lang, "Interview over: {} question(s) in {}:{:02}.",
                                                            "Собеседование окончено: вопросов — {}, время {}:{:02}.")),
                                          asked, std::min(took, limit) / 60, std::min(took, limit) % 60)));
  PrintTime(iv, lang, took, limit);
  if (asked == 0) return;
  fmt::print("{:<28} {:>6} {:>6} {:>6}\n", Tr(lang, "topic", "тема"), Tr(lang, "asked", "всего"),
             Tr(lang, "right", "верно"), "%");
  for (const auto& [topic, r] : iv.by_topic)
    fmt::print("{:<28} {:>6} {:>6} {:>5}%\n", topic, r.asked, r.right, r.right * 100 / r.asked);
  fmt::print("{:<28} {:>6} {:>6} {:>5}%\n", Tr(lang, "overall", "итого"), asked, right, right * 100 / asked);
  if (iv.revisit.empty()) return;
  fmt::print("\n{}\n", t.Bold(Tr(lang, "Cards to revisit:", "Что повторить:")));
  for (const Card* c : iv.revisit) {
    std::string question = c->Text(lang).question;
    if (const size_t nl = question.find('\n'); nl != std::string::npos) question = question.substr(0, nl);
    fmt::print("  {:<40} {}\n", c->id, question);
  }
  fmt::print(fmt::runtime(Tr(lang, "They come back in your next '{}'.\n", "Они вернутся в следующем '{}'.\n")), app.Cmd("quiz"));
}

}  // namespace

int RunInterview(App& app, const InterviewOptions& o) {
  const std::vector<std::string> topics = SplitTopics(o.topics);
  if (!CheckTopics(topics)) return kExitUsage;
  Session s;
  if (!OpenSession(app, o.lang, &s) || !ApplyTrack(o.track, &s)) return kExitError;
  std::string err;
  std::vector<ReviewRow> reviews;
  if (!s.store.LoadReviews(&reviews, &err)) {
    PrintError(err);
    return kExitError;
  }
  const TopicMix mix = MixTopics(ScoreTopics(s.bank, reviews), topics);
  PrintIntro(app.term(), s.lang, o.minutes, topics, mix);
  const Fsrs fsrs;
  Interview iv{s, fsrs, mix, std::mt19937(o.seed ? o.seed : std::random_device{}()), QuizNow()};
  QuizContext q{s.bank, s.store, fsrs, app.term(), s.lang, std::cin, std::cout, "interview"};
  if (o.seed) q.shuffle.seed(o.seed);
  const auto start = std::chrono::steady_clock::now();
  if (!AskUntilTimeIsUp(iv, q, std::chrono::duration<double>(o.minutes * 60.0), start)) return kExitError;
  const auto took = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start).count();
  PrintResults(app, iv, s.lang, took, std::lround(o.minutes * 60.0));
  return kExitOk;
}

}  // namespace threadlings
