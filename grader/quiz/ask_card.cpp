// Asking one card: showing it, reading the answer by the card's kind (open, true/false,
// choice or spot-the-bug), grading and explaining it, and logging the review.
#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <numeric>
#include <iostream>

#include "quiz.h"

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

// The card as the learner first sees it: header, kind, question, code, choices in `order`.
void ShowCard(QuizContext& q, const Card& card, const std::string& header, const std::vector<int>& order) {
  const Term& t = q.term;
  const CardText& text = card.Text(q.lang);
  q.out << "\n" << t.Bold(header) << t.Dim(" · " + KindLabel(q.lang, card.kind)) << "\n";
  q.out << Indent(text.question, "");
  if (card.kind == CardKind::kCode) q.out << "\n" << t.Dim(Indent(card.code, "    "));
  for (size_t i = 0; i < order.size(); ++i) q.out << fmt::format("  {}) {}\n", i + 1, text.choices[order[i]]);
  q.out.flush();
}

// Shows `prompt` and reads a line: kAnswered with the line, or the learner's skip or quit, or
// the end of input.
AskResult Prompt(QuizContext& q, const std::string& prompt, std::string* line) {
  q.out << prompt;
  q.out.flush();
  if (!ReadLine(q.in, line)) return AskResult::kEnd;
  if (Control(*line) == Key::kSkip) return AskResult::kSkipped;
  if (Control(*line) == Key::kQuit) return AskResult::kQuit;
  return AskResult::kAnswered;
}

// How the learner did on a card.
struct Grade {
  Rating rating = Rating::kGood;
  bool right = false;
};

// An open card: the answer on Enter, then the learner rates themself.
AskResult AskOpen(QuizContext& q, const CardText& text, Grade* grade) {
  const Term& t = q.term;
  const Lang lang = q.lang;
  std::string line;
  AskResult r = Prompt(q, t.Dim(Tr(lang, "[Enter] show the answer · s skip · q quit > ",
                                   "[Enter] показать ответ · s пропустить · q выйти > ")),
                       &line);
  if (r != AskResult::kAnswered) return r;
  q.out << t.Bold(Tr(lang, "Answer: ", "Ответ: ")) << text.answer << "\n";
  q.out << Indent(text.explanation, "  ");
  for (;;) {
    r = Prompt(q, Tr(lang, "How well did you know it? 1 again · 2 hard · 3 good · 4 easy (s skip, q quit) > ",
                     "Насколько хорошо вы это знали? 1 снова · 2 трудно · 3 хорошо · 4 легко (s пропустить, q выйти) > "),
               &line);
    if (r != AskResult::kAnswered) return r;
    if (auto rating = ParseRating(line)) {
      grade->rating = *rating;
      grade->right = *rating >= Rating::kGood;
      return AskResult::kAnswered;
    }
    q.out << t.Warn(Tr(lang, "Type 1, 2, 3 or 4.", "Введите 1, 2, 3 или 4.")) << "\n";
  }
}

// A true/false card: asks until the answer is one of the two.
AskResult AskTrueFalse(QuizContext& q, const Card& card, bool* right) {
  const Lang lang = q.lang;
  std::string line;
  for (;;) {
    const AskResult r = Prompt(q, Tr(lang, "True or false? t / f (s skip, q quit) > ",
                                     "Верно или нет? д / н (s пропустить, q выйти) > "),
                               &line);
    if (r != AskResult::kAnswered) return r;
    if (auto v = ParseTrueFalse(line)) {
      *right = (*v ? 1 : 0) == card.correct;
      return AskResult::kAnswered;
    }
    q.out << q.term.Warn(Tr(lang, "Type t (true) or f (false).", "Введите д (да, верно) или н (нет, неверно).")) << "\n";
  }
}

// A choice or spot-the-bug (code) card: asks until the answer is the number of a choice as
// shown (`order`).
AskResult AskChoice(QuizContext& q, const Card& card, const std::vector<int>& order, bool* right) {
  const Lang lang = q.lang;
  const size_t n = card.Text(lang).choices.size();
  std::string line;
  for (;;) {
    const AskResult r = Prompt(q, fmt::format(fmt::runtime(Tr(lang, "Your answer, 1-{} (s skip, q quit) > ",
                                                              "Ваш ответ, 1-{} (s пропустить, q выйти) > ")),
                                              n),
                               &line);
    if (r != AskResult::kAnswered) return r;
    if (auto v = ParseChoice(line, n)) {
      *right = order[*v] == card.correct;
      return AskResult::kAnswered;
    }
    q.out << q.term.Warn(fmt::format(fmt::runtime(Tr(lang, "Type a number from 1 to {}.", "Введите число от 1 до {}.")), n))
          << "\n";
  }
}

// After an auto-graded answer: right or not, the right answer (numbered as shown), and why.
void ShowVerdict(QuizContext& q, const Card& card, const std::vector<int>& order, bool right) {
  const Term& t = q.term;
  const Lang lang = q.lang;
  const CardText& text = card.Text(lang);
  std::string truth;
  if (card.kind == CardKind::kTrueFalse)
    truth = card.correct ? Tr(lang, "true", "верно") : Tr(lang, "false", "неверно");
  else
    truth = fmt::format("{}) {}", std::find(order.begin(), order.end(), card.correct) - order.begin() + 1,
                        text.choices[card.correct]);
  if (right) q.out << t.Good(Tr(lang, "✓ Right: ", "✓ Верно: ")) << truth << "\n";
  else q.out << t.Bad(Tr(lang, "✗ Not quite. The answer: ", "✗ Не совсем. Ответ: ")) << truth << "\n";
  if (card.kind != CardKind::kTrueFalse && text.answer != text.choices[card.correct])
    q.out << Indent(text.answer, "  ");
  q.out << Indent(text.explanation, "  ");
}

// A card the quiz grades: a right answer counts as Good, a wrong one as Again.
AskResult AskAutoGraded(QuizContext& q, const Card& card, const std::vector<int>& order, Grade* grade) {
  bool right = false;
  const AskResult r = card.kind == CardKind::kTrueFalse ? AskTrueFalse(q, card, &right) : AskChoice(q, card, order, &right);
  if (r != AskResult::kAnswered) return r;
  grade->rating = right ? Rating::kGood : Rating::kAgain;
  grade->right = right;
  ShowVerdict(q, card, order, right);
  return AskResult::kAnswered;
}

// Logs the review, reschedules the card and says when it comes back.
AskResult RecordReview(QuizContext& q, const Card& card, const Grade& grade,
                       std::chrono::steady_clock::time_point started, Answer* answer, std::string* err) {
  const Term& t = q.term;
  const Lang lang = q.lang;
  const int64_t now = QuizNow();
  ReviewRow row;
  row.at = now;
  row.rating = grade.rating;
  row.mode = q.mode;
  row.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  Memory after;
  const Fsrs& fsrs = q.fsrs;
  const bool ok = q.store.Record(
      card.id,
      [&](const Memory& before) { return fsrs.Review(before, grade.rating, now, Fnv(card.id) ^ static_cast<uint64_t>(before.reps)); },
      row, &after, err);
  if (!ok) return AskResult::kError;
  q.out << t.Dim(fmt::format(fmt::runtime(Tr(lang, "  next review: in {}", "  следующее повторение: через {}")),
                             FormatDelay(after.due - now, lang)))
        << "\n";
  if (!card.exercise.empty())
    q.out << t.Dim(fmt::format(fmt::runtime(Tr(lang, "  practise it: exercise {}", "  на практике: упражнение {}")),
                               card.exercise))
          << "\n";
  answer->rating = grade.rating;
  answer->right = grade.right;
  answer->after = after;
  return AskResult::kAnswered;
}

}  // namespace

unsigned QuizSeed() {
  if (const char* s = std::getenv("THREADLINGS_SEED"); s && *s) return static_cast<unsigned>(std::strtoul(s, nullptr, 10));
  return std::random_device{}();
}

std::vector<int> ShuffledOrder(size_t n, std::mt19937& rng) {
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), rng);
  return order;
}

AskResult AskCard(QuizContext& q, const Card& card, const std::string& header, Answer* answer,
                  std::string* err) {
  const auto started = std::chrono::steady_clock::now();
  const std::vector<int> order = ShuffledOrder(card.Text(q.lang).choices.size(), q.shuffle);
  ShowCard(q, card, header, order);
  Grade grade;
  const AskResult r =
      card.kind == CardKind::kOpen ? AskOpen(q, card.Text(q.lang), &grade) : AskAutoGraded(q, card, order, &grade);
  if (r != AskResult::kAnswered) return r;
  if (q.deadline && std::chrono::steady_clock::now() > *q.deadline) return AskResult::kLate;
  return RecordReview(q, card, grade, started, answer, err);
}

}  // namespace threadlings
