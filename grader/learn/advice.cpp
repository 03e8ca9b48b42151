#include "advice.h"

#include <fmt/core.h>

namespace threadlings {
namespace {

// At most this many tempting fixes are shown after one verdict.
constexpr size_t kMaxTemptingFixes = 3;

// The tempting fixes of `e` (its mutants) that end in `v`.
std::vector<std::string> TemptingFixes(const Exercise& e, Verdict v) {
  std::vector<std::string> whys;
  for (const auto& m : e.manifest.mutants)
    if (m.verdict == v && !m.why.empty() && whys.size() < kMaxTemptingFixes) whys.push_back(m.why);
  return whys;
}

// "Next: ..." pointing at the next hint not yet seen.
std::string NextHint(const App& app, const Exercise& e, int hints_shown) {
  const size_t total = e.manifest.hints.size();
  if (total == 0) return "";
  if (hints_shown < 0) hints_shown = 0;
  const auto next = static_cast<size_t>(hints_shown);
  if (next >= total)
    return fmt::format("Next: you have seen every hint; {} shows them all again.",
                       app.HowTo(0, "hint --all " + e.name()));
  return fmt::format("Next: stuck? Hint {}/{} is {}: {}.", next + 1, total, HintKind(next),
                     app.HowTo('h', "hint " + e.name()));
}

}  // namespace

std::string HintKind(size_t index) {
  static const char* kKinds[] = {"a nudge", "a question", "nearly the answer"};
  return kKinds[index % 3];
}

bool LearnerChangedFiles(const Exercise& e) {
  for (const auto& f : e.manifest.edit) {
    std::string original, current;
    if (!ReadFile(e.PristinePath(f), &original)) return true;  // no starting copy: assume edited
    if (!ReadFile(e.EditPath(f), &current) || current != original) return true;
  }
  return false;
}

std::vector<std::string> Advice(const App& app, const Exercise& e, const Outcome& o, const Attempt& a) {
  std::vector<std::string> lines;
  if (o.verdict == Verdict::kPass) return lines;
  if (a.same_as_last)
    lines.push_back("This attempt failed exactly as the last one did (the same verdict, line and "
                    "summary): the change did not reach what the check trips over.");
  if (o.verdict == Verdict::kCompileError || o.verdict == Verdict::kError) {
    lines.push_back("Next: " + std::string(VerdictNextStep(o.verdict)));
    return lines;
  }
  if (!a.changed && o.verdict == e.manifest.verdict)
    lines.push_back("This is the bug the exercise ships with: its README.md tells the story, and "
                    "the file to edit has a TODO where to start.");
  const auto tempting = a.changed ? TemptingFixes(e, o.verdict) : std::vector<std::string>{};
  if (!tempting.empty()) {
    std::string text = fmt::format("Tempting fixes that also end in {}:", VerdictName(o.verdict));
    for (const auto& why : tempting) text += "\n  - " + why;
    lines.push_back(text);
  }
  if (const std::string hint = NextHint(app, e, a.hints_shown); !hint.empty()) lines.push_back(hint);
  return lines;
}

}  // namespace threadlings
