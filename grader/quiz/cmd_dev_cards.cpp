// `threadlings dev cards`: validates the question bank and shows its coverage.
#include <fmt/core.h>

#include "cards.h"
#include "quiz_cli.h"
#include "topics.h"

namespace threadlings {

int RunDevCards(App& app, bool quiet) {
  const Term& t = app.term();
  Bank bank;
  std::vector<std::string> errors;
  LoadBank(app.kit().root() / "questions", &bank, &errors);
  BankReport report;
  ValidateBank(bank, app.kit().root() / "notes", app.kit().Names(), BankRules{}, &report, &errors);
  for (const auto& e : errors) fmt::print("{} {}\n", t.Bad("FAIL"), e);
  if (!quiet || !errors.empty()) {
    fmt::print("{}: {} cards", t.Bold("question bank"), bank.cards.size());
    for (const auto& [kind, n] : report.per_kind) fmt::print(", {} {}", n, CardKindName(kind));
    fmt::print("\n");
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
