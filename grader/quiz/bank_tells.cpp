// The tells of the question bank: what a learner could guess from a card's shape (the right
// option is the longest, true/false answers lean one way) instead of from the subject.
#include <fmt/core.h>

#include "cards.h"

namespace threadlings {
namespace {

// Characters of UTF-8 text: every byte but continuation bytes (10xxxxxx).
size_t Chars(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Whether no other option is longer than the right one.
bool RightIsLongest(const std::vector<std::string>& choices, int correct) {
  if (correct < 0 || static_cast<size_t>(correct) >= choices.size()) return false;
  const size_t right = Chars(choices[correct]);
  for (const auto& c : choices)
    if (Chars(c) > right) return false;
  return true;
}

}  // namespace

double BankTells::LongestShare(Lang lang) const {
  const auto it = right_longest.find(lang);
  return choice_cards == 0 || it == right_longest.end() ? 0.0 : static_cast<double>(it->second) / choice_cards;
}

double BankTells::TrueShare() const {
  return truefalse_cards == 0 ? 0.5 : static_cast<double>(truefalse_true) / truefalse_cards;
}

BankTells MeasureTells(const Bank& bank) {
  BankTells t;
  t.right_longest[Lang::kEn] = t.right_longest[Lang::kRu] = 0;
  for (const Card& c : bank.cards) {
    if (c.kind == CardKind::kTrueFalse) {
      ++t.truefalse_cards;
      t.truefalse_true += c.correct == 1;
      continue;
    }
    if (c.kind != CardKind::kChoice && c.kind != CardKind::kCode) continue;
    ++t.choice_cards;
    ++t.right_position[c.correct];
    for (Lang lang : {Lang::kEn, Lang::kRu}) t.right_longest[lang] += RightIsLongest(c.Text(lang).choices, c.correct);
  }
  return t;
}

void CheckTells(const BankTells& t, const BankRules& rules, std::vector<std::string>* errors) {
  for (Lang lang : {Lang::kEn, Lang::kRu})
    if (t.LongestShare(lang) > rules.max_right_longest)
      errors->push_back(fmt::format(
          "questions/: error: the right option is the longest in {:.0f}% of choice cards ({}); at most {:.0f}% "
          "are allowed: shorten right options or lengthen wrong ones",
          100 * t.LongestShare(lang), LangName(lang), 100 * rules.max_right_longest));
  if (t.truefalse_cards > 0 && (t.TrueShare() < rules.min_true || t.TrueShare() > rules.max_true))
    errors->push_back(fmt::format(
        "questions/: error: {:.0f}% of true/false cards are true; keep it between {:.0f}% and {:.0f}% by "
        "restating some cards the other way round",
        100 * t.TrueShare(), 100 * rules.min_true, 100 * rules.max_true));
}

}  // namespace threadlings
