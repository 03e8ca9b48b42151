// Choosing the cards to ask, the numbers behind `threadlings stats`, the quiz's language, and
// the cards offered after an exercise passed (asking one card is ask_card.cpp).
#include "quiz.h"

#include <fmt/core.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <set>

#include "topics.h"

namespace threadlings {

namespace {

// The cards on the asked topics worth asking: due ones with their due time, and new ones by
// the topic of their file.
struct Candidates {
  std::vector<std::pair<int64_t, const Card*>> due;
  std::map<std::string, std::vector<const Card*>> fresh_by_topic;
};

Candidates Gather(const Bank& bank, const std::map<std::string, Memory>& memories,
                  const std::vector<std::string>& topics, int64_t now) {
  auto wanted = [&](const Card& c) {
    if (topics.empty()) return true;
    return std::any_of(topics.begin(), topics.end(), [&](const std::string& t) { return c.HasTopic(t); });
  };
  constexpr int64_t kLearnAhead = 20 * 60;
  Candidates out;
  for (const Card& c : bank.cards) {
    if (!wanted(c)) continue;
    const auto it = memories.find(c.id);
    if (it == memories.end() || it->second.state == CardState::kNew) {
      out.fresh_by_topic[c.topics[0]].push_back(&c);
      continue;
    }
    const Memory& m = it->second;
    const bool learning = m.state == CardState::kLearning || m.state == CardState::kRelearning;
    if (m.due <= now || (learning && m.due <= now + kLearnAhead)) out.due.emplace_back(m.due, &c);
  }
  return out;
}

// Whether a card practises the exercise to put first (none when `exercise` is empty).
struct Preferred {
  const std::string& exercise;
  bool operator()(const Card* c) const { return !exercise.empty() && c->exercise == exercise; }
};

// New cards in the order to ask them: the preferred exercise's first, then one from each topic
// in turn, cards filed under the asked topics before cards that only touch them.
std::vector<const Card*> OrderFresh(std::map<std::string, std::vector<const Card*>>& fresh_by_topic,
                                    const std::vector<std::string>& topics, Preferred preferred) {
  std::vector<const Card*> fresh;
  for (auto& [_, list] : fresh_by_topic)
    for (const Card* c : list)
      if (preferred(c)) fresh.push_back(c);
  std::vector<std::string> order = topics;
  for (const auto& slug : TopicSlugs())
    if (std::find(order.begin(), order.end(), slug) == order.end()) order.push_back(slug);
  std::vector<size_t> next(order.size(), 0);
  for (bool more = true; more;) {
    more = false;
    for (size_t i = 0; i < order.size(); ++i) {
      if (!topics.empty() && i == topics.size() && more) break;  // finish the asked topics first
      auto& list = fresh_by_topic[order[i]];
      while (next[i] < list.size() && preferred(list[next[i]])) ++next[i];
      if (next[i] < list.size()) {
        fresh.push_back(list[next[i]++]);
        more = true;
      }
    }
  }
  return fresh;
}

}  // namespace

Pick PickCards(const Bank& bank, const std::map<std::string, Memory>& memories,
               const std::vector<std::string>& topics, int count, int64_t now,
               const std::string& prefer_exercise) {
  Candidates candidates = Gather(bank, memories, topics, now);
  const Preferred preferred{prefer_exercise};
  std::stable_sort(candidates.due.begin(), candidates.due.end(), [&](const auto& a, const auto& b) {
    if (preferred(a.second) != preferred(b.second)) return preferred(a.second);
    return a.first < b.first;
  });
  Pick pick;
  for (const auto& [_, c] : candidates.due) {
    if (static_cast<int>(pick.cards.size()) >= count) break;
    pick.cards.push_back(c);
    ++pick.due;
  }
  for (const Card* c : OrderFresh(candidates.fresh_by_topic, topics, preferred)) {
    if (static_cast<int>(pick.cards.size()) >= count) break;
    pick.cards.push_back(c);
    ++pick.fresh;
  }
  return pick;
}

std::map<std::string, TopicScore> ScoreTopics(const Bank& bank, const std::vector<ReviewRow>& reviews) {
  std::map<std::string, TopicScore> scores;
  for (const auto& r : reviews) {
    const Card* c = bank.Find(r.card_id);
    if (!c) continue;  // a card since removed from the bank
    for (const auto& t : c->topics) {
      ++scores[t].reviews;
      if (r.rating >= Rating::kGood) ++scores[t].right;
    }
  }
  return scores;
}

int64_t LocalDay(int64_t t) {
  const time_t tt = static_cast<time_t>(t);
  struct tm local {};
  localtime_r(&tt, &local);
  // Days from a civil date (Howard Hinnant's algorithm), so DST and leap years need no care.
  int y = local.tm_year + 1900;
  const unsigned m = static_cast<unsigned>(local.tm_mon + 1), d = static_cast<unsigned>(local.tm_mday);
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<int64_t>(era) * 146097 + static_cast<int64_t>(doe) - 719468;
}

Stats ComputeStats(const Bank& bank, const std::map<std::string, Memory>& memories,
                   const std::vector<ReviewRow>& reviews, int64_t now) {
  Stats s;
  s.bank_cards = static_cast<int>(bank.cards.size());
  const int64_t today = LocalDay(now);
  s.due_by_day.assign(8, 0);
  for (const Card& c : bank.cards) {
    const auto it = memories.find(c.id);
    if (it == memories.end() || it->second.state == CardState::kNew) continue;
    const Memory& m = it->second;
    ++s.seen;
    if (m.state == CardState::kReview) ++s.in_review;
    else ++s.learning;
    if (m.due <= now) {
      ++s.due_now;
      continue;
    }
    const int64_t day = LocalDay(m.due) - today;
    if (day >= 0 && day <= 7) ++s.due_by_day[static_cast<size_t>(day)];
  }
  std::set<int64_t> days;
  for (const auto& r : reviews) {
    ++s.reviews;
    const int64_t day = LocalDay(r.at);
    days.insert(day);
    if (day == today) ++s.reviews_today;
    if (r.state_before == CardState::kReview && now - r.at <= 30 * 86400) {
      ++s.retention_total;
      if (r.rating != Rating::kAgain) ++s.retention_right;
    }
  }
  s.days_studied = static_cast<int>(days.size());
  // Streak: consecutive days up to today (or up to yesterday, if today has no review yet).
  int64_t day = days.count(today) ? today : today - 1;
  while (days.count(day)) {
    ++s.streak;
    --day;
  }
  int run = 0;
  int64_t prev = 0;
  for (int64_t d : days) {
    run = (run > 0 && d == prev + 1) ? run + 1 : 1;
    prev = d;
    s.longest_streak = std::max(s.longest_streak, run);
  }
  for (const auto& [topic, score] : ScoreTopics(bank, reviews))
    if (score.reviews > 0) s.weakest.emplace_back(topic, score);
  std::stable_sort(s.weakest.begin(), s.weakest.end(), [](const auto& a, const auto& b) {
    return a.second.Accuracy() < b.second.Accuracy();
  });
  return s;
}

bool ResolveLang(const std::string& flag, ReviewStore* store, Lang* out, std::string* err) {
  if (!flag.empty()) {
    if (!ParseLang(flag, out)) {
      *err = "unknown language '" + flag + "': use --lang en or --lang ru";
      return false;
    }
    return true;
  }
  if (store) {
    std::optional<std::string> v;
    if (!store->GetSetting("lang", &v, err)) return false;
    if (v && ParseLang(*v, out)) return true;
  }
  *out = LangFromEnvironment();
  return true;
}

bool OfferCardsAfterPass(const Kit& kit, const std::string& data_dir_flag,
                         const std::string& exercise, const std::vector<std::string>& topics,
                         const std::string& lang_flag, const Term& term, const std::string& program) {
  if (!StdinIsTerminal()) return true;
  if (const char* ci = std::getenv("CI"); ci && *ci) return true;
  ReviewStore store;
  std::string err;
  if (!store.Open(QuizDataDir(data_dir_flag) / "quiz.sqlite3", &err)) {
    PrintError(err);
    return false;
  }
  std::optional<std::string> setting;
  if (!store.GetSetting("cards-after-pass", &setting, &err)) {
    PrintError(err);
    return false;
  }
  if (setting && *setting == "off") return true;
  Lang lang;
  if (!ResolveLang(lang_flag, &store, &lang, &err)) {
    PrintError(err);
    return false;
  }
  Bank bank;
  std::vector<std::string> errors;
  LoadBankCached(kit.root() / "questions", kit.StateDir() / "cards.cache", &bank, &errors);  // a broken file only narrows the choice
  std::map<std::string, Memory> memories;
  if (!store.LoadMemories(&memories, &err)) {
    PrintError(err);
    return false;
  }
  const int64_t now = QuizNow();
  const Pick pick = PickCards(bank, memories, topics, 2, now, exercise);
  if (pick.cards.empty()) return true;
  std::cout << "\n"
            << term.Bold(fmt::format(fmt::runtime(Tr(lang, "While it is fresh: {} question(s) on {}",
                                                     "Пока свежо в памяти: вопросов — {}, тема: {}")),
                                     pick.cards.size(), topics.empty() ? "" : topics[0]))
            << term.Dim(fmt::format(fmt::runtime(Tr(lang, "  (s skips; switch off: {} config cards-after-pass off)",
                                                    "  (s пропускает; отключить: {} config cards-after-pass off)")),
                                    program))
            << "\n";
  const Fsrs fsrs;
  QuizContext q{bank, store, fsrs, term, lang, std::cin, std::cout, "exercise"};
  for (size_t i = 0; i < pick.cards.size(); ++i) {
    Answer a;
    const AskResult r = AskCard(q, *pick.cards[i], fmt::format("{}/{}", i + 1, pick.cards.size()), &a, &err);
    if (r == AskResult::kError) {
      PrintError(err);
      return false;
    }
    if (r == AskResult::kQuit || r == AskResult::kEnd) break;
  }
  return true;
}

}  // namespace threadlings
