#include "outcome_view.h"

#include <fmt/core.h>

#include "terminal_text.h"

namespace threadlings {
namespace {

// Prints each line of `text` after `pad`, wrapped to the terminal; a line a wrap adds starts
// two columns further in (four for a list item "- ...").
void PrintIndented(const std::string& text, const std::string& pad) {
  size_t start = 0;
  for (;;) {
    const size_t end = text.find('\n', start);
    const std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    const bool item = line.rfind("  - ", 0) == 0;
    fmt::print("{}\n", Fit(pad + line, pad + (item ? "    " : "  ")));
    if (end == std::string::npos) return;
    start = end + 1;
  }
}

void PrintReport(const App& app, const Outcome& o) {
  const Term& t = app.term();
  std::string head = o.summary;
  if (!o.where.empty()) head = ShowLocation(o.where) + ": " + head;
  PrintIndented(head, "    ");
  if (!o.check.empty()) fmt::print("    {}\n", t.Dim("in check " + o.check));
  for (const auto& d : o.details) PrintIndented(d, "      ");
  if (!o.seed.empty())
    fmt::print("{}\n", t.Dim(Fit("    (perturbation seed " + o.seed + ": 'verify --seed " + o.seed +
                                 "' repeats this schedule)", "      ")));
  if (app.options().verbose && !o.raw.empty()) fmt::print("\n{}\n", o.raw);
}

void PrintTeaching(const App& app, const Exercise& e, const Outcome& o, const Attempt& a) {
  const Term& t = app.term();
  PrintIndented(std::string(VerdictExplanation(o.verdict)), "    ");
  for (const auto& line : Advice(app, e, o, a)) {
    if (line.rfind("Next: ", 0) == 0) PrintIndented(t.Bold("Next:") + line.substr(5), "    ");
    else PrintIndented(line, "    ");
  }
  if (!app.options().verbose && !o.raw.empty() && o.verdict != Verdict::kError)
    fmt::print("    {}\n", t.Dim(app.in_watch() ? "(press v for the full report)" : "(--verbose shows the full report)"));
}

}  // namespace

void PrintOutcome(const App& app, const Exercise& e, const Outcome& o, const Attempt& a, bool teach) {
  const Term& t = app.term();
  const std::string timing = o.cached ? "unchanged since it passed" : fmt::format("{:.1f} s", o.seconds);
  fmt::print("{} {:<28} {}\n", t.VerdictLabel(o.verdict), t.Bold(e.dir_name), t.Dim("(" + timing + ")"));
  if (o.verdict == Verdict::kPass) return;
  PrintReport(app, o);
  if (teach) PrintTeaching(app, e, o, a);
}

void PrintFullReport(const App& app, const Exercise& e, const Outcome& o) {
  if (o.raw.empty()) {
    fmt::print("{}\n", app.term().Dim("The last verdict of " + e.dir_name + " (" +
                                      std::string(VerdictName(o.verdict)) + ") has no further report."));
    return;
  }
  fmt::print("\n{}\n{}\n", app.term().Bold("The full report behind " + std::string(VerdictName(o.verdict)) + " " +
                                          e.dir_name + ":"),
             o.raw);
}

}  // namespace threadlings
