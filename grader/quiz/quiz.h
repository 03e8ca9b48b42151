// The learner's side of the question bank: asking one card (graded automatically or by the
// learner), choosing which cards to ask, and the numbers behind `threadlings stats`.
#pragma once

#include <chrono>
#include <iosfwd>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "cards.h"
#include "fsrs.h"
#include "kit.h"
#include "review_store.h"
#include "term.h"

namespace threadlings {

/// `en` or `ru` text for the interface, by the session's language.
inline const char* Tr(Lang lang, const char* en, const char* ru) { return lang == Lang::kRu ? ru : en; }

/// The seed of a session's random choices: THREADLINGS_SEED when set (tests), else random.
unsigned QuizSeed();

/// The order to show `n` options in: a random permutation of 0..n-1 (shown position -> index).
std::vector<int> ShuffledOrder(size_t n, std::mt19937& rng);

/// A delay for people, in the session's language: "now", "10 min", "3 h", "2 days", "2.2 years";
/// Russian with proper plural forms ("1 день", "2 дня", "5 дней").
std::string FormatDelay(int64_t seconds, Lang lang);

/// The Russian form of a count: `one` for 1, 21, ...; `few` for 2-4, 22-24, ...; `many` else.
const char* RussianPlural(int64_t n, const char* one, const char* few, const char* many);

/// What asking one card needs.
struct QuizContext {
  const Bank& bank;
  ReviewStore& store;
  const Fsrs& fsrs;
  const Term& term;
  Lang lang;
  std::istream& in;
  std::ostream& out;
  std::string mode;  ///< logged with each review: quiz, interview, exercise
  std::mt19937 shuffle{QuizSeed()};  ///< orders a choice card's options afresh each time it is asked
  /// When set, an answer given after it is not graded into the store (the interview's end).
  std::optional<std::chrono::steady_clock::time_point> deadline{};
};

enum class AskResult {
  kAnswered,  ///< rated and logged
  kSkipped,   ///< the learner skipped it: nothing logged
  kQuit,      ///< the learner asked to stop
  kEnd,       ///< input ended
  kError,     ///< the store failed (message in err)
  kLate,      ///< answered after the deadline: shown, but not counted or logged
};

struct Answer {
  Rating rating = Rating::kGood;
  bool right = false;  ///< auto-graded: the right choice; open: rated Good or Easy
  Memory after;
};

/// Shows `card` under `header`, reads the answer, grades it (or lets the learner rate an open
/// card), explains, logs the review and reschedules the card.
AskResult AskCard(QuizContext& q, const Card& card, const std::string& header, Answer* answer,
                  std::string* err);

/// Cards to ask now: due cards (learning ones up to 20 minutes early, as Anki) by due time,
/// then new cards taken in turn from each topic, at most `count` in all. An empty `topics`
/// means every topic; `prefer_exercise` puts that exercise's cards first.
struct Pick {
  std::vector<const Card*> cards;
  int due = 0;
  int fresh = 0;
};
Pick PickCards(const Bank& bank, const std::map<std::string, Memory>& memories,
               const std::vector<std::string>& topics, int count, int64_t now,
               const std::string& prefer_exercise = "");

/// The cards to offer after `exercise` passed: cards filed under one of its `topics` (their
/// first topic), never-seen ones first (the exercise's own, then taken in turn from each topic),
/// then the ones reviewed longest ago, so that passes rotate through the topics' cards.
std::vector<const Card*> PickAfterPass(const Bank& bank, const std::map<std::string, Memory>& memories,
                                       const std::vector<std::string>& topics, const std::string& exercise,
                                       int count);

/// The store's setting that records that cards were offered after `exercise` passed.
std::string AfterPassKey(const std::string& exercise);

/// Per-topic results from the review log: reviews and how many were Good or Easy (or right).
struct TopicScore {
  int reviews = 0;
  int right = 0;
  /// Smoothed share right, (right + 1) / (reviews + 2): 0.5 for a topic never reviewed.
  double Accuracy() const { return (right + 1.0) / (reviews + 2.0); }
};
std::map<std::string, TopicScore> ScoreTopics(const Bank& bank, const std::vector<ReviewRow>& reviews);

/// The numbers of `threadlings stats`.
struct Stats {
  int reviews = 0;
  int reviews_today = 0;
  int days_studied = 0;
  int bank_cards = 0;
  int seen = 0, learning = 0, in_review = 0;
  int due_now = 0;
  std::vector<int> due_by_day;  ///< [0] = rest of today after now, [1..7] = the next days
  int retention_right = 0, retention_total = 0;  ///< review-state cards, last 30 days
  int streak = 0, longest_streak = 0;            ///< days in a row with a review
  std::vector<std::pair<std::string, TopicScore>> weakest;  ///< reviewed topics, weakest first
};
/// Days (today, streaks, the 7-day forecast) are local calendar days (LocalDay).
Stats ComputeStats(const Bank& bank, const std::map<std::string, Memory>& memories,
                   const std::vector<ReviewRow>& reviews, int64_t now);

/// The day number of a Unix time in local time (days since 1970-01-01 local).
int64_t LocalDay(int64_t t);

/// The card track: `flag` if set, else the stored setting 'track', else all.
bool ResolveTrack(const std::string& flag, ReviewStore* store, Track* out, std::string* err);

/// The quiz's language: `flag` if set, else the stored setting, else the locale.
bool ResolveLang(const std::string& flag, ReviewStore* store, Lang* out, std::string* err);

/// After an exercise passed: one or two cards on its topics (PickAfterPass), when stdin is a
/// terminal, CI is not set, the setting cards-after-pass is not off, and none were offered after
/// this exercise before (a re-run of a passed exercise asks nothing). Returns false only on a
/// store error (printed); nothing asked is not an error.
bool OfferCardsAfterPass(const Kit& kit, const std::string& data_dir_flag,
                         const std::string& exercise, const std::vector<std::string>& topics,
                         const std::string& lang_flag, const Term& term, const std::string& program);

/// OfferCardsAfterPass without the terminal and CI checks, on the given streams.
bool AskCardsAfterPass(const Kit& kit, const std::string& data_dir_flag, const std::string& exercise,
                       const std::vector<std::string>& topics, const std::string& lang_flag, const Term& term,
                       const std::string& program, std::istream& in, std::ostream& out);

}  // namespace threadlings
