// `threadlings stats`: the learner's reviews, due cards, retention, weakest topics and streak.
#include <fmt/core.h>

#include <algorithm>
#include <ctime>

#include "quiz.h"
#include "quiz_cli.h"
#include "quiz_session.h"

namespace threadlings {
namespace {

// The cards due on each of the next days, as a bar chart.
void PrintForecast(const Stats& st, int64_t now, Lang lang) {
  const int peak = std::max(1, *std::max_element(st.due_by_day.begin(), st.due_by_day.end()));
  for (size_t d = 0; d < st.due_by_day.size(); ++d) {
    const time_t when = static_cast<time_t>(now + static_cast<int64_t>(d) * 86400);
    struct tm local {};
    localtime_r(&when, &local);
    char label[32];
    std::strftime(label, sizeof label, "%a %d %b", &local);
    const std::string day = d == 0 ? Tr(lang, "today", "сегодня") : label;
    fmt::print("  {:<12} {:>4} {}\n", day, st.due_by_day[d], std::string(static_cast<size_t>(st.due_by_day[d] * 30 / peak), '#'));
  }
}

}  // namespace

int RunStats(App& app, const StatsOptions& o) {
  Session s;
  if (!OpenSession(app, o.lang, &s)) return kExitError;
  const Lang lang = s.lang;
  const Term& t = app.term();
  std::string err;
  std::vector<ReviewRow> reviews;
  if (!s.store.LoadReviews(&reviews, &err)) {
    PrintError(err);
    return kExitError;
  }
  const int64_t now = QuizNow();
  const Stats st = ComputeStats(s.bank, s.memories, reviews, now);
  fmt::print("{}\n", t.Bold(Tr(lang, "Quiz statistics", "Статистика повторений")));
  fmt::print(fmt::runtime(Tr(lang, "Reviews:     {} in all, {} today, on {} day(s)\n", "Повторений:  всего {}, сегодня {}, дней занятий: {}\n")),
             st.reviews, st.reviews_today, st.days_studied);
  fmt::print(fmt::runtime(Tr(lang, "Cards:       {} in the bank; {} seen ({} learning, {} in review), {} new\n",
                             "Карточки:    в банке {}; изучено {} (на этапе заучивания {}, на повторении {}), новых {}\n")),
             st.bank_cards, st.seen, st.learning, st.in_review, st.bank_cards - st.seen);
  int week = 0;
  for (size_t d = 0; d < st.due_by_day.size(); ++d) week += st.due_by_day[d];
  fmt::print(fmt::runtime(Tr(lang, "Due:         {} now, {} more in the next 7 days\n", "К повторению: сейчас {}, ещё {} за 7 дней\n")),
             st.due_now, week);
  PrintForecast(st, now, lang);
  if (st.retention_total > 0)
    fmt::print(fmt::runtime(Tr(lang, "Retention:   {}% of {} review(s) of graduated cards in the last 30 days (target 90%)\n",
                               "Удержание:   {}% из {} повторений выученных карточек за 30 дней (цель 90%)\n")),
               st.retention_right * 100 / st.retention_total, st.retention_total);
  else
    fmt::print("{}\n", Tr(lang, "Retention:   not yet measured (no card has come back for review)",
                          "Удержание:   пока не измерено (ни одна карточка ещё не вернулась на повторение)"));
  if (!st.weakest.empty()) {
    fmt::print("{}", Tr(lang, "Weakest:     ", "Слабые темы: "));
    for (size_t i = 0; i < st.weakest.size() && i < 3; ++i)
      fmt::print("{}{} {}% ({} review(s))", i ? ", " : "", st.weakest[i].first,
                 st.weakest[i].second.right * 100 / st.weakest[i].second.reviews, st.weakest[i].second.reviews);
    fmt::print("\n");
  }
  fmt::print(fmt::runtime(Tr(lang, "Streak:      {} day(s) (longest {})\n", "Серия:       дней подряд — {} (рекорд {})\n")),
             st.streak, st.longest_streak);
  fmt::print("{}\n", t.Dim(fmt::format(fmt::runtime(Tr(lang, "Store: {}", "Хранилище: {}")), DisplayPath(s.store.path()))));
  if (st.due_now > 0)
    fmt::print(fmt::runtime(Tr(lang, "Next: '{}'\n", "Дальше: '{}'\n")), app.Cmd("quiz"));
  return kExitOk;
}

}  // namespace threadlings
