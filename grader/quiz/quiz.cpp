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

std::string AfterPassKey(const std::string& exercise) { return "after-pass:" + exercise; }

std::vector<const Card*> PickAfterPass(const Bank& bank, const std::map<std::string, Memory>& memories,
                                       const std::vector<std::string>& topics, const std::string& exercise,
                                       int count) {
  std::map<std::string, std::vector<const Card*>> fresh_by_topic;
  std::vector<std::pair<int64_t, const Card*>> seen;  // by last review, oldest first
  for (const Card& c : bank.cards) {
    if (std::find(topics.begin(), topics.end(), c.topics[0]) == topics.end()) continue;
    const auto it = memories.find(c.id);
    if (it == memories.end() || it->second.state == CardState::kNew) fresh_by_topic[c.topics[0]].push_back(&c);
    else seen.emplace_back(it->second.last_review, &c);
  }
  std::vector<const Card*> out = OrderFresh(fresh_by_topic, topics, Preferred{exercise});
  std::stable_sort(seen.begin(), seen.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [_, c] : seen) out.push_back(c);
  if (out.size() > static_cast<size_t>(count)) out.resize(static_cast<size_t>(count));
  return out;
}

bool ResolveTrack(const std::string& flag, ReviewStore* store, Track* out, std::string* err) {
  std::optional<std::string> v;
  if (flag.empty() && store && !store->GetSetting("track", &v, err)) return false;
  const std::string name = !flag.empty() ? flag : v.value_or("all");
  if (ParseTrack(name, out)) return true;
  *err = "unknown track '" + name + "': use all (every card) or cpp (no Python-only cards)";
  return false;
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

namespace {

// Opens the store for the cards after a pass; nullopt-like false when they should not be
// offered (`*offer` false) or on an error (printed, returns false).
bool OpenForAfterPass(const std::string& data_dir_flag, const std::string& exercise, ReviewStore* store,
                      bool* offer) {
  std::string err;
  *offer = false;
  if (!store->Open(QuizDataDir(data_dir_flag) / "quiz.sqlite3", &err)) {
    PrintError(err);
    return false;
  }
  std::optional<std::string> setting, offered;
  if (!store->GetSetting("cards-after-pass", &setting, &err) || !store->GetSetting(AfterPassKey(exercise), &offered, &err)) {
    PrintError(err);
    return false;
  }
  *offer = !(setting && *setting == "off") && !offered;
  return true;
}

// "deadlock, livelock": the topics the picked cards are filed under, in order.
std::string PickedTopics(const std::vector<const Card*>& cards) {
  std::vector<std::string> seen;
  for (const Card* c : cards)
    if (std::find(seen.begin(), seen.end(), c->topics[0]) == seen.end()) seen.push_back(c->topics[0]);
  std::string out;
  for (const auto& t : seen) out += (out.empty() ? "" : ", ") + t;
  return out;
}

}  // namespace

bool OfferCardsAfterPass(const Kit& kit, const std::string& data_dir_flag,
                         const std::string& exercise, const std::vector<std::string>& topics,
                         const std::string& lang_flag, const Term& term, const std::string& program) {
  if (!StdinIsTerminal()) return true;
  if (const char* ci = std::getenv("CI"); ci && *ci) return true;
  return AskCardsAfterPass(kit, data_dir_flag, exercise, topics, lang_flag, term, program, std::cin, std::cout);
}

bool AskCardsAfterPass(const Kit& kit, const std::string& data_dir_flag, const std::string& exercise,
                       const std::vector<std::string>& topics, const std::string& lang_flag, const Term& term,
                       const std::string& program, std::istream& in, std::ostream& out) {
  ReviewStore store;
  bool offer = false;
  if (!OpenForAfterPass(data_dir_flag, exercise, &store, &offer)) return false;
  if (!offer) return true;
  std::string err;
  Lang lang;
  Track track;
  Bank bank;
  std::vector<std::string> errors;
  LoadBankCached(kit.root() / "questions", kit.StateDir() / "cards.cache", &bank, &errors);  // a broken file only narrows the choice
  std::map<std::string, Memory> memories;
  if (!ResolveLang(lang_flag, &store, &lang, &err) || !ResolveTrack("", &store, &track, &err) ||
      !store.LoadMemories(&memories, &err) || !store.SetSetting(AfterPassKey(exercise), "offered", &err)) {
    PrintError(err);
    return false;
  }
  KeepTrack(&bank, track);
  const std::vector<const Card*> cards = PickAfterPass(bank, memories, topics, exercise, 2);
  if (cards.empty()) return true;
  out << "\n"
            << term.Bold(fmt::format(fmt::runtime(Tr(lang, "While it is fresh: {} question(s) on {}",
                                                     "Пока свежо в памяти: вопросов — {}, тема: {}")),
                                     cards.size(), PickedTopics(cards)))
            << term.Dim(fmt::format(fmt::runtime(Tr(lang, "  (s skips; switch off: {} config cards-after-pass off)",
                                                    "  (s пропускает; отключить: {} config cards-after-pass off)")),
                                    program))
            << "\n";
  const Fsrs fsrs;
  QuizContext q{bank, store, fsrs, term, lang, in, out, "exercise"};
  for (size_t i = 0; i < cards.size(); ++i) {
    Answer a;
    const AskResult r = AskCard(q, *cards[i], fmt::format("{}/{}", i + 1, cards.size()), &a, &err);
    if (r == AskResult::kError) {
      PrintError(err);
      return false;
    }
    if (r == AskResult::kQuit || r == AskResult::kEnd) break;
  }
  return true;
}

}  // namespace threadlings
