// `threadlings dev cards`: validates the question bank and shows its coverage.
#include <fmt/core.h>

#include "cards.h"
#include "quiz_cli.h"
#include "topics.h"

namespace threadlings {
namespace {

// The tell figures: how often the right option is the longest, where it stands, and how
// true/false answers lean (bounds in BankRules).
void PrintTells(const Term& t, const BankTells& tells, const BankRules& rules) {
  fmt::print("\n{}\n", t.Bold("tells"));
  fmt::print("right option is the longest: {:.0f}% en, {:.0f}% ru of {} choice cards (at most {:.0f}%)\n",
             100 * tells.LongestShare(Lang::kEn), 100 * tells.LongestShare(Lang::kRu), tells.choice_cards,
             100 * rules.max_right_longest);
  fmt::print("right option by position (as stored; shuffled when asked):");
  for (const auto& [pos, n] : tells.right_position) fmt::print(" {}: {}", pos + 1, n);
  fmt::print("\ntrue/false answers: {} true of {} ({:.0f}%; {:.0f}-{:.0f}% allowed)\n", tells.truefalse_true,
             tells.truefalse_cards, 100 * tells.TrueShare(), 100 * rules.min_true, 100 * rules.max_true);
}

}  // namespace

int RunDevCards(App& app, bool quiet) {
  const Term& t = app.term();
  Bank bank;
  std::vector<std::string> errors;
  LoadBank(app.kit().root() / "questions", &bank, &errors);
  BankReport report;
  const BankRules rules;
  ValidateBank(bank, app.kit().root() / "notes", app.kit().Names(), rules, &report, &errors);
  for (const auto& e : errors) fmt::print("{} {}\n", t.Bad("FAIL"), e);
  if (!quiet || !errors.empty()) {
    fmt::print("{}: {} cards", t.Bold("question bank"), bank.cards.size());
    for (const auto& [kind, n] : report.per_kind) fmt::print(", {} {}", n, CardKindName(kind));
    fmt::print("\n");
    PrintTells(t, report.tells, rules);
  }
  if (!quiet) {
    fmt::print("\n{:<30} {:>5}\n", "topic", "cards");
    for (const auto& topic : TopicSlugs()) fmt::print("{:<30} {:>5}\n", topic, report.per_topic[topic]);
    fmt::print("\n{:<70} {:>5}\n", "note section", "cards");
    for (const auto& [section, n] : report.per_section) fmt::print("{:<70} {:>5}\n", section, n);
  }
  if (errors.empty())
    fmt::print("{}\n", t.Good(fmt::format("question bank: {} cards, all valid", bank.cards.size())));
  else
    fmt::print("{}\n", t.Bad(fmt::format("question bank: {} problem(s)", errors.size())));
  return errors.empty() ? kExitOk : kExitFailed;
}

}  // namespace threadlings
