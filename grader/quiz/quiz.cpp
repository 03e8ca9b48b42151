#include "quiz.h"

#include <fmt/core.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <iostream>
#include <set>

#include "topics.h"

namespace threadlings {
namespace {

std::string Trim(const std::string& s) {
  const size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return "";
  return s.substr(a, s.find_last_not_of(" \t\r\n") - a + 1);
}

std::string Lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  // Russian capitals used in answers: Д, Н, В (UTF-8 0xD0 0x94 / 0x9D / 0x92 -> 0xD0 0xB4 / 0xBD / 0xB2).
  for (size_t i = 0; i + 1 < s.size(); ++i)
    if (static_cast<unsigned char>(s[i]) == 0xD0) {
      auto& b = reinterpret_cast<unsigned char&>(s[i + 1]);
      if (b >= 0x90 && b <= 0x9F) b = static_cast<unsigned char>(b + 0x20);
    }
  return s;
}

// Reads one line; false at the end of input.
bool ReadLine(std::istream& in, std::string* line) {
  if (!std::getline(in, *line)) return false;
  *line = Lower(Trim(*line));
  return true;
}

std::string Indent(const std::string& text, const std::string& pad) {
  std::string out = pad;
  for (size_t i = 0; i < text.size(); ++i) {
    out += text[i];
    if (text[i] == '\n' && i + 1 < text.size()) out += pad;
  }
  if (!out.empty() && out.back() != '\n') out += '\n';
  return out;
}

uint64_t Fnv(const std::string& s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return h;
}

enum class Key { kSkip, kQuit, kOther };
Key Control(const std::string& s) {
  if (s == "s" || s == "skip" || s == "п" || s == "пропустить") return Key::kSkip;
  if (s == "q" || s == "quit" || s == "выход") return Key::kQuit;
  return Key::kOther;
}

std::optional<Rating> ParseRating(const std::string& s) {
  if (s == "1" || s == "a" || s == "again") return Rating::kAgain;
  if (s == "2" || s == "h" || s == "hard") return Rating::kHard;
  if (s == "3" || s == "g" || s == "good") return Rating::kGood;
  if (s == "4" || s == "e" || s == "easy") return Rating::kEasy;
  return std::nullopt;
}

std::optional<bool> ParseTrueFalse(const std::string& s) {
  for (const char* t : {"t", "true", "y", "yes", "1", "д", "да", "верно", "правда"})
    if (s == t) return true;
  for (const char* f : {"f", "false", "n", "no", "0", "н", "нет", "неверно", "ложь"})
    if (s == f) return false;
  return std::nullopt;
}

std::optional<int> ParseChoice(const std::string& s, size_t n) {
  if (s.size() == 1 && s[0] >= 'a' && s[0] < static_cast<char>('a' + n)) return s[0] - 'a';
  char* end = nullptr;
  const long v = std::strtol(s.c_str(), &end, 10);
  if (!s.empty() && end && *end == '\0' && v >= 1 && v <= static_cast<long>(n)) return static_cast<int>(v - 1);
  return std::nullopt;
}

std::string KindLabel(Lang lang, CardKind kind) {
  switch (kind) {
    case CardKind::kOpen: return Tr(lang, "open question", "открытый вопрос");
    case CardKind::kChoice: return Tr(lang, "multiple choice", "выбор ответа");
    case CardKind::kTrueFalse: return Tr(lang, "true or false", "верно или нет");
    case CardKind::kCode: return Tr(lang, "spot the bug", "найдите ошибку");
  }
  return "";
}

}  // namespace

AskResult AskCard(QuizContext& q, const Card& card, const std::string& header, Answer* answer,
                  std::string* err) {
  const Term& t = q.term;
  const Lang lang = q.lang;
  const CardText& text = card.Text(lang);
  const auto started = std::chrono::steady_clock::now();
  std::ostream& out = q.out;

  out << "\n" << t.Bold(header) << t.Dim(" · " + KindLabel(lang, card.kind)) << "\n";
  out << Indent(text.question, "") ;
  if (card.kind == CardKind::kCode) out << "\n" << t.Dim(Indent(card.code, "    "));
  for (size_t i = 0; i < text.choices.size(); ++i) out << fmt::format("  {}) {}\n", i + 1, text.choices[i]);
  out.flush();

  std::string line;
  Rating rating = Rating::kGood;
  bool right = false;
  if (card.kind == CardKind::kOpen) {
    out << t.Dim(Tr(lang, "[Enter] show the answer · s skip · q quit > ",
                    "[Enter] показать ответ · s пропустить · q выйти > "));
    out.flush();
    if (!ReadLine(q.in, &line)) return AskResult::kEnd;
    if (Control(line) == Key::kSkip) return AskResult::kSkipped;
    if (Control(line) == Key::kQuit) return AskResult::kQuit;
    out << t.Bold(Tr(lang, "Answer: ", "Ответ: ")) << text.answer << "\n";
    out << Indent(text.explanation, "  ");
    for (;;) {
      out << Tr(lang, "How well did you know it? 1 again · 2 hard · 3 good · 4 easy (s skip, q quit) > ",
                "Насколько хорошо вы это знали? 1 снова · 2 трудно · 3 хорошо · 4 легко (s пропустить, q выйти) > ");
      out.flush();
      if (!ReadLine(q.in, &line)) return AskResult::kEnd;
      if (Control(line) == Key::kSkip) return AskResult::kSkipped;
      if (Control(line) == Key::kQuit) return AskResult::kQuit;
      if (auto r = ParseRating(line)) {
        rating = *r;
        break;
      }
      out << t.Warn(Tr(lang, "Type 1, 2, 3 or 4.", "Введите 1, 2, 3 или 4.")) << "\n";
    }
    right = rating >= Rating::kGood;
  } else {
    for (;;) {
      if (card.kind == CardKind::kTrueFalse)
        out << Tr(lang, "True or false? t / f (s skip, q quit) > ", "Верно или нет? д / н (s пропустить, q выйти) > ");
      else
        out << fmt::format(fmt::runtime(Tr(lang, "Your answer, 1-{} (s skip, q quit) > ",
                                           "Ваш ответ, 1-{} (s пропустить, q выйти) > ")),
                           text.choices.size());
      out.flush();
      if (!ReadLine(q.in, &line)) return AskResult::kEnd;
      if (Control(line) == Key::kSkip) return AskResult::kSkipped;
      if (Control(line) == Key::kQuit) return AskResult::kQuit;
      if (card.kind == CardKind::kTrueFalse) {
        if (auto v = ParseTrueFalse(line)) {
          right = (*v ? 1 : 0) == card.correct;
          break;
        }
        out << t.Warn(Tr(lang, "Type t (true) or f (false).", "Введите д (да, верно) или н (нет, неверно).")) << "\n";
      } else {
        if (auto v = ParseChoice(line, text.choices.size())) {
          right = *v == card.correct;
          break;
        }
        out << t.Warn(fmt::format(fmt::runtime(Tr(lang, "Type a number from 1 to {}.", "Введите число от 1 до {}.")),
                                  text.choices.size()))
            << "\n";
      }
    }
    rating = right ? Rating::kGood : Rating::kAgain;
    std::string truth;
    if (card.kind == CardKind::kTrueFalse)
      truth = card.correct ? Tr(lang, "true", "верно") : Tr(lang, "false", "неверно");
    else
      truth = fmt::format("{}) {}", card.correct + 1, text.choices[card.correct]);
    if (right) out << t.Good(Tr(lang, "✓ Right: ", "✓ Верно: ")) << truth << "\n";
    else out << t.Bad(Tr(lang, "✗ Not quite. The answer: ", "✗ Не совсем. Ответ: ")) << truth << "\n";
    if (card.kind != CardKind::kTrueFalse && text.answer != text.choices[card.correct])
      out << Indent(text.answer, "  ");
    out << Indent(text.explanation, "  ");
  }

  const int64_t now = QuizNow();
  ReviewRow row;
  row.at = now;
  row.rating = rating;
  row.mode = q.mode;
  row.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  Memory after;
  const Fsrs& fsrs = q.fsrs;
  const bool ok = q.store.Record(
      card.id,
      [&](const Memory& before) { return fsrs.Review(before, rating, now, Fnv(card.id) ^ static_cast<uint64_t>(before.reps)); },
      row, &after, err);
  if (!ok) return AskResult::kError;
  out << t.Dim(fmt::format(fmt::runtime(Tr(lang, "  next review: in {}", "  следующее повторение: через {}")),
                           FormatDelay(after.due - now)))
      << "\n";
  if (!card.exercise.empty())
    out << t.Dim(fmt::format(fmt::runtime(Tr(lang, "  practise it: exercise {}", "  на практике: упражнение {}")),
                             card.exercise))
        << "\n";
  answer->rating = rating;
  answer->right = right;
  answer->after = after;
  return AskResult::kAnswered;
}

Pick PickCards(const Bank& bank, const std::map<std::string, Memory>& memories,
               const std::vector<std::string>& topics, int count, int64_t now,
               const std::string& prefer_exercise) {
  auto wanted = [&](const Card& c) {
    if (topics.empty()) return true;
    return std::any_of(topics.begin(), topics.end(), [&](const std::string& t) { return c.HasTopic(t); });
  };
  constexpr int64_t kLearnAhead = 20 * 60;
  std::vector<std::pair<int64_t, const Card*>> due;
  std::map<std::string, std::vector<const Card*>> fresh_by_topic;
  for (const Card& c : bank.cards) {
    if (!wanted(c)) continue;
    const auto it = memories.find(c.id);
    if (it == memories.end() || it->second.state == CardState::kNew) {
      fresh_by_topic[c.topics[0]].push_back(&c);
      continue;
    }
    const Memory& m = it->second;
    const bool learning = m.state == CardState::kLearning || m.state == CardState::kRelearning;
    if (m.due <= now || (learning && m.due <= now + kLearnAhead)) due.emplace_back(m.due, &c);
  }
  auto preferred = [&](const Card* c) { return !prefer_exercise.empty() && c->exercise == prefer_exercise; };
  std::stable_sort(due.begin(), due.end(), [&](const auto& a, const auto& b) {
    if (preferred(a.second) != preferred(b.second)) return preferred(a.second);
    return a.first < b.first;
  });
  Pick pick;
  for (const auto& [_, c] : due) {
    if (static_cast<int>(pick.cards.size()) >= count) break;
    pick.cards.push_back(c);
    ++pick.due;
  }
  // New cards: the preferred exercise's first, then one from each topic in turn.
  std::vector<const Card*> fresh;
  for (auto& [_, list] : fresh_by_topic)
    for (const Card* c : list)
      if (preferred(c)) fresh.push_back(c);
  // Cards filed under the asked topics come before cards that only touch them.
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
  for (const Card* c : fresh) {
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
