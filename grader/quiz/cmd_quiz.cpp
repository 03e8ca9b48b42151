// `threadlings quiz`, `interview`, `stats`, `export anki` and `config`: the question bank for
// the learner, with reviews kept in the quiz store (review_store.h).
#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <random>
#include <set>
#include <sstream>

#include "cards.h"
#include "quiz_cli.h"
#include "quiz.h"
#include "suggest.h"
#include "topics.h"

namespace threadlings {
namespace {

const std::vector<std::string> kSettings = {"cards-after-pass", "lang"};

// Opens the store and the bank, and settles the language; prints the error and returns false.
struct Session {
  ReviewStore store;
  Bank bank;
  Lang lang = Lang::kEn;
  std::map<std::string, Memory> memories;
};

bool OpenSession(App& app, const std::string& lang_flag, Session* s, bool need_memories = true) {
  std::string err;
  std::vector<std::string> errors;
  if (!LoadBankCached(app.kit().root() / "questions", app.kit().StateDir() / "cards.cache", &s->bank, &errors)) {
    for (const auto& e : errors) PrintError(e);
    PrintError("the question bank has errors (above); fix them or restore questions/ from the repository");
    return false;
  }
  if (!s->store.Open(QuizDataDir(app.options().data_dir) / "quiz.sqlite3", &err) ||
      !ResolveLang(lang_flag, &s->store, &s->lang, &err) ||
      (need_memories && !s->store.LoadMemories(&s->memories, &err))) {
    PrintError(err);
    return false;
  }
  return true;
}

bool CheckTopics(const std::vector<std::string>& topics) {
  for (const auto& t : topics)
    if (std::find(TopicSlugs().begin(), TopicSlugs().end(), t) == TopicSlugs().end()) {
      PrintError("unknown topic '" + t + "'" + DidYouMean(t, TopicSlugs()) +
                 "; the topics are: " + [] {
                   std::string all;
                   for (const auto& s : TopicSlugs()) all += (all.empty() ? "" : ", ") + s;
                   return all;
                 }());
      return false;
    }
  return true;
}

std::string TopicList(const std::vector<std::string>& topics, Lang lang) {
  if (topics.empty()) return Tr(lang, "all topics", "все темы");
  std::string s;
  for (const auto& t : topics) s += (s.empty() ? "" : ", ") + t;
  return s;
}

// Topics from "--topic a --topic b,c".
std::vector<std::string> SplitTopics(const std::vector<std::string>& in) {
  std::vector<std::string> out;
  for (const auto& item : in) {
    std::stringstream ss(item);
    for (std::string t; std::getline(ss, t, ',');)
      if (!t.empty()) out.push_back(t);
  }
  return out;
}

std::string Html(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '\n': out += "<br>"; break;
      case '\t': out += "    "; break;
      default: out += c;
    }
  }
  return out;
}

std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += "\"\"";
    else out += c;
  }
  return out + "\"";
}

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
    c->add_option("--seed", o->seed, "Repeat the same mix of questions");
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
    auto* c = parent.add_subcommand("config", "Show or change a setting: cards-after-pass (on|off), lang (auto|en|ru)");
    c->add_option("key", o->key, "Setting to show or change")->check(CLI::IsMember(kSettings));
    c->add_option("value", o->value, "New value");
    out.push_back({c, [o](App& app) { return RunConfig(app, *o); }, false});
  }
  return out;
}

int RunQuiz(App& app, const QuizOptions& o) {
  const std::vector<std::string> topics = SplitTopics(o.topics);
  if (!CheckTopics(topics)) return kExitUsage;
  Session s;
  if (!OpenSession(app, o.lang, &s)) return kExitError;
  const Lang lang = s.lang;
  const Term& t = app.term();
  const int64_t now = QuizNow();
  const Pick pick = PickCards(s.bank, s.memories, topics, o.count, now);
  if (pick.cards.empty()) {
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
      fmt::print(fmt::runtime(Tr(lang, "The next card is due in {}.\n", "Следующая карточка — через {}.\n")), FormatDelay(next - now));
    else
      fmt::print("\n");
    fmt::print(fmt::runtime(Tr(lang, "'{}' shows your progress.\n", "'{}' покажет ваш прогресс.\n")), app.Cmd("stats"));
    return kExitOk;
  }
  fmt::print("{}\n", t.Bold(fmt::format(fmt::runtime(Tr(lang, "Quiz: {} card(s) ({} due, {} new) · {}",
                                                          "Повторение: карточек — {} (по плану {}, новых {}) · {}")),
                                        pick.cards.size(), pick.due, pick.fresh, TopicList(topics, lang))));
  const Fsrs fsrs;
  QuizContext q{s.bank, s.store, fsrs, t, lang, std::cin, std::cout, "quiz"};
  std::vector<const Card*> queue = pick.cards;
  std::map<std::string, int> shown;
  int answered = 0, right = 0, skipped = 0;
  bool stopped = false;
  std::string err;
  for (size_t i = 0; i < queue.size() && !stopped; ++i) {
    const Card& card = *queue[i];
    const std::string header = fmt::format("[{}/{}] {}", i + 1, queue.size(), card.topics[0]);
    Answer a;
    switch (AskCard(q, card, header, &a, &err)) {
      case AskResult::kAnswered:
        ++answered;
        right += a.right ? 1 : 0;
        // A card answered Again comes back once at the end of the session (learning step).
        if (a.rating == Rating::kAgain && ++shown[card.id] < 2) queue.push_back(&card);
        break;
      case AskResult::kSkipped:
        ++skipped;
        break;
      case AskResult::kQuit:
      case AskResult::kEnd:
        stopped = true;
        break;
      case AskResult::kError:
        PrintError(err);
        return kExitError;
    }
  }
  std::map<std::string, Memory> after;
  if (!s.store.LoadMemories(&after, &err)) {
    PrintError(err);
    return kExitError;
  }
  const Pick rest = PickCards(s.bank, after, topics, 1000, QuizNow());
  fmt::print("\n{}\n", t.Bold(fmt::format(fmt::runtime(Tr(lang, "Done: {} answered, {} right or known, {} skipped. Still due on {}: {}.",
                                                            "Готово: отвечено {}, верно или знали {}, пропущено {}. Ещё к повторению ({}): {}.")),
                                          answered, right, skipped, TopicList(topics, lang), rest.due)));
  fmt::print(fmt::runtime(Tr(lang, "Saved in {}. '{}' shows your progress.\n", "Сохранено в {}. '{}' покажет прогресс.\n")),
             DisplayPath(s.store.path()), app.Cmd("stats"));
  return kExitOk;
}

int RunInterview(App& app, const InterviewOptions& o) {
  const std::vector<std::string> topics = SplitTopics(o.topics);
  if (!CheckTopics(topics)) return kExitUsage;
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
  const std::map<std::string, TopicScore> past = ScoreTopics(s.bank, reviews);
  // Topic weights: weaker topics come up more (a topic never reviewed counts as 50 %).
  std::vector<std::string> pool = topics.empty() ? TopicSlugs() : topics;
  std::vector<double> weights;
  std::vector<std::pair<double, std::string>> weak;
  for (const auto& tp : pool) {
    const auto it = past.find(tp);
    const double acc = it == past.end() ? 0.5 : it->second.Accuracy();
    weights.push_back(0.25 + (1.0 - acc) * (1.0 - acc) * 4.0);
    if (it != past.end()) weak.emplace_back(acc, tp);
  }
  std::sort(weak.begin(), weak.end());
  std::mt19937 rng(o.seed ? o.seed : std::random_device{}());

  const auto limit = std::chrono::duration<double>(o.minutes * 60.0);
  fmt::print("{}\n", t.Bold(fmt::format(fmt::runtime(Tr(lang, "Mock interview: {:g} min · {}", "Пробное собеседование: {:g} мин · {}")),
                                        o.minutes, TopicList(topics, lang))));
  std::string weak_list;
  for (size_t i = 0; i < weak.size() && i < 3; ++i) weak_list += (i ? ", " : "") + weak[i].second;
  if (!weak_list.empty())
    fmt::print(fmt::runtime(Tr(lang, "More questions on your weaker topics: {}.\n", "Больше вопросов по слабым темам: {}.\n")), weak_list);
  fmt::print("{}\n", t.Dim(Tr(lang, "Answer as you would out loud, then rate yourself honestly. q ends the interview early.",
                              "Отвечайте, как вслух на собеседовании, затем честно оцените себя. q — закончить досрочно.")));

  const int64_t now = QuizNow();
  std::set<std::string> asked_ids;
  struct Row {
    int asked = 0, right = 0;
  };
  std::map<std::string, Row> by_topic;
  std::vector<const Card*> revisit;
  const Fsrs fsrs;
  QuizContext q{s.bank, s.store, fsrs, t, lang, std::cin, std::cout, "interview"};
  const auto start = std::chrono::steady_clock::now();
  int number = 0;
  for (;;) {
    const auto elapsed = std::chrono::steady_clock::now() - start;
    if (elapsed >= limit) {
      fmt::print("\n{}\n", t.Warn(Tr(lang, "Time is up.", "Время вышло.")));
      break;
    }
    // A topic by weight, then the card on it the learner is least likely to recall.
    std::discrete_distribution<size_t> pick_topic(weights.begin(), weights.end());
    const Card* card = nullptr;
    for (int attempt = 0; attempt < 50 && !card; ++attempt) {
      const std::string& tp = pool[pick_topic(rng)];
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
      card = candidates.front();
    }
    if (!card) {
      fmt::print("\n{}\n", Tr(lang, "You have seen every question on these topics.", "Вы ответили на все вопросы по этим темам."));
      break;
    }
    asked_ids.insert(card->id);
    const auto left = std::chrono::duration_cast<std::chrono::seconds>(limit - elapsed).count();
    const std::string header = fmt::format(fmt::runtime(Tr(lang, "Q{} · {}:{:02} left · {}", "В{} · осталось {}:{:02} · {}")),
                                           ++number, left / 60, left % 60, card->topics[0]);
    Answer a;
    const AskResult r = AskCard(q, *card, header, &a, &err);
    if (r == AskResult::kError) {
      PrintError(err);
      return kExitError;
    }
    if (r == AskResult::kQuit || r == AskResult::kEnd) break;
    if (r == AskResult::kSkipped) {
      revisit.push_back(card);
      ++by_topic[card->topics[0]].asked;
      continue;
    }
    Row& row = by_topic[card->topics[0]];
    ++row.asked;
    if (a.right && a.rating != Rating::kHard) ++row.right;
    else revisit.push_back(card);
  }
  const auto took = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start).count();
  int asked = 0, right = 0;
  for (const auto& [_, r] : by_topic) {
    asked += r.asked;
    right += r.right;
  }
  fmt::print("\n{}\n", t.Bold(fmt::format(fmt::runtime(Tr(lang, "Interview over: {} question(s) in {}:{:02}.",
                                                            "Собеседование окончено: вопросов — {}, время {}:{:02}.")),
                                          asked, took / 60, took % 60)));
  if (asked == 0) return kExitOk;
  fmt::print("{:<28} {:>6} {:>6} {:>6}\n", Tr(lang, "topic", "тема"), Tr(lang, "asked", "всего"),
             Tr(lang, "right", "верно"), "%");
  for (const auto& [topic, r] : by_topic)
    fmt::print("{:<28} {:>6} {:>6} {:>5}%\n", topic, r.asked, r.right, r.right * 100 / r.asked);
  fmt::print("{:<28} {:>6} {:>6} {:>5}%\n", Tr(lang, "overall", "итого"), asked, right, right * 100 / asked);
  if (!revisit.empty()) {
    fmt::print("\n{}\n", t.Bold(Tr(lang, "Cards to revisit:", "Что повторить:")));
    for (const Card* c : revisit) {
      std::string question = c->Text(lang).question;
      if (const size_t nl = question.find('\n'); nl != std::string::npos) question = question.substr(0, nl);
      fmt::print("  {:<40} {}\n", c->id, question);
    }
    fmt::print(fmt::runtime(Tr(lang, "They come back in your next '{}'.\n", "Они вернутся в следующем '{}'.\n")), app.Cmd("quiz"));
  }
  return kExitOk;
}

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

int RunExport(App& app, const ExportOptions& o) {
  const std::vector<std::string> topics = SplitTopics(o.topics);
  if (!CheckTopics(topics)) return kExitUsage;
  Bank bank;
  std::vector<std::string> errors;
  if (!LoadBank(app.kit().root() / "questions", &bank, &errors)) {
    for (const auto& e : errors) PrintError(e);
    return kExitError;
  }
  Lang lang = Lang::kEn;
  std::string err;
  // The setting is read only if a store already exists: export never creates one.
  const fs::path store_file = QuizDataDir(app.options().data_dir) / "quiz.sqlite3";
  ReviewStore store;
  std::error_code ec;
  const bool have_store = o.lang.empty() && fs::exists(store_file, ec);
  if (have_store && !store.Open(store_file, &err)) {
    PrintError(err);
    return kExitError;
  }
  if (!ResolveLang(o.lang, have_store ? &store : nullptr, &lang, &err)) {
    PrintError(err);
    return kExitUsage;
  }
  std::string text =
      "#separator:tab\n#html:true\n#notetype:Basic\n#deck column:1\n#tags column:4\n"
      "#columns:Deck\tFront\tBack\tTags\n";
  int n = 0;
  for (const Card& c : bank.cards) {
    if (!topics.empty() && std::none_of(topics.begin(), topics.end(), [&](const auto& tp) { return c.HasTopic(tp); }))
      continue;
    const CardText& x = c.Text(lang);
    std::string front = Html(x.question);
    if (!c.code.empty()) front += "<pre><code>" + Html(c.code) + "</code></pre>";
    if (!x.choices.empty()) {
      front += "<ol>";
      for (const auto& ch : x.choices) front += "<li>" + Html(ch) + "</li>";
      front += "</ol>";
    }
    if (c.kind == CardKind::kTrueFalse) front += "<br><i>" + std::string(Tr(lang, "True or false?", "Верно или нет?")) + "</i>";
    std::string back;
    if (c.kind == CardKind::kTrueFalse)
      back = "<b>" + std::string(c.correct ? Tr(lang, "True.", "Верно.") : Tr(lang, "False.", "Неверно.")) + "</b> ";
    else if (!x.choices.empty())
      back = fmt::format("<b>{}.</b> ", c.correct + 1);
    back += Html(x.answer) + "<br><br>" + Html(x.explanation);
    std::string tags = "threadlings";
    for (const auto& tp : c.topics) tags += " " + tp;
    tags += std::string(" kind::") + CardKindName(c.kind);
    text += Quote("threadlings::" + c.topics[0]) + "\t" + Quote(front) + "\t" + Quote(back) + "\t" + Quote(tags) + "\n";
    ++n;
  }
  if (o.file == "-") {
    std::cout << text;
    return kExitOk;
  }
  if (!WriteFileAtomic(o.file, text, &err)) {
    PrintError(err);
    return kExitError;
  }
  fmt::print(stderr, "Wrote {} card(s) in {} to {}: import it in Anki with File > Import.\n", n,
             lang == Lang::kRu ? "Russian" : "English", o.file);
  return kExitOk;
}

int RunConfig(App& app, const ConfigOptions& o) {
  ReviewStore store;
  std::string err;
  if (!store.Open(QuizDataDir(app.options().data_dir) / "quiz.sqlite3", &err)) {
    PrintError(err);
    return kExitError;
  }
  const std::map<std::string, std::pair<std::vector<std::string>, std::string>> known = {
      {"cards-after-pass", {{"on", "off"}, "on"}},
      {"lang", {{"auto", "en", "ru"}, "auto"}}};
  if (!o.value.empty()) {
    const auto& allowed = known.at(o.key).first;
    if (std::find(allowed.begin(), allowed.end(), o.value) == allowed.end()) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      PrintError("'" + o.value + "' is not a value of " + o.key + "; use one of: " + list);
      return kExitUsage;
    }
    if (!store.SetSetting(o.key, o.value, &err)) {
      PrintError(err);
      return kExitError;
    }
    fmt::print("{} = {}\n", o.key, o.value);
    return kExitOk;
  }
  for (const auto& [key, spec] : known) {
    if (!o.key.empty() && key != o.key) continue;
    std::optional<std::string> v;
    if (!store.GetSetting(key, &v, &err)) {
      PrintError(err);
      return kExitError;
    }
    fmt::print("{} = {}{}\n", key, v.value_or(spec.second), v ? "" : " (default)");
  }
  if (o.key.empty()) fmt::print("{}\n", app.term().Dim("store: " + DisplayPath(store.path())));
  return kExitOk;
}

void OfferCardsAfterExercise(App& app, const Exercise& e, const std::string& lang) {
  OfferCardsAfterPass(app.kit(), app.options().data_dir, e.name(), e.manifest.topics, lang, app.term(),
                      app.options().program);
}

}  // namespace threadlings
