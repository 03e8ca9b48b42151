#include "app.h"

#include <fmt/core.h>

namespace threadlings {

std::string ShowLocation(const Location& where) {
  if (where.empty()) return "";
  std::string s = DisplayPath(where.file);
  if (where.line > 0) s += ":" + std::to_string(where.line);
  return s;
}

// Indents the continuation lines of a multi-line detail (e.g. a YAML error with its caret).
static std::string Indent(const std::string& text, const std::string& pad) {
  std::string out;
  for (char c : text) {
    out += c;
    if (c == '\n') out += pad;
  }
  return out;
}

App::App(GlobalOptions options) : options_(std::move(options)), term_(options_.color) {}

bool App::Open(std::string* err, bool with_exercises) {
  if (!kit_.Open(LocateKit(options_.kit), err, with_exercises)) return false;
  store_ = std::make_unique<ProgressStore>(kit_.StateDir());
  return true;
}

bool App::GetToolchain(Toolchain* out, std::string* err) {
  if (!toolchain_) {
    Toolchain t;
    if (!DetectToolchain(options_.cxx.empty() ? DefaultCompiler() : options_.cxx, &t, err))
      return false;
    toolchain_ = t;
  }
  *out = *toolchain_;
  return true;
}

const Exercise* App::Current(const Progress& p) const {
  auto passed = [&](const Exercise& e) {
    const auto it = p.exercises.find(e.name());
    return it != p.exercises.end() && it->second.status == "passed";
  };
  // The one the watch loop was moved to (n, l), while it has not passed; else the first not passed.
  for (const auto& e : kit_.exercises())
    if (e.name() == p.current && !passed(e)) return &e;
  for (const auto& e : kit_.exercises())
    if (!passed(e)) return &e;
  return nullptr;
}

void App::PrintOutcome(const Exercise& e, const Outcome& o, bool teach) const {
  std::string timing = o.cached ? "unchanged since it passed" : fmt::format("{:.1f} s", o.seconds);
  fmt::print("{} {:<28} {}\n", term_.VerdictLabel(o.verdict), term_.Bold(e.dir_name),
             term_.Dim("(" + timing + ")"));
  if (o.verdict == Verdict::kPass) return;
  std::string head = o.summary;
  if (!o.where.empty()) head = ShowLocation(o.where) + ": " + head;
  fmt::print("    {}\n", head);
  if (!o.check.empty()) fmt::print("    {}\n", term_.Dim("in check " + o.check));
  for (const auto& d : o.details) fmt::print("      {}\n", Indent(d, "      "));
  if (!o.seed.empty())
    fmt::print("    {}\n", term_.Dim("(perturbation seed " + o.seed + ": 'verify --seed " + o.seed +
                                     "' repeats this schedule)"));
  if (options_.verbose && !o.raw.empty()) fmt::print("\n{}\n", o.raw);
  if (!teach) return;
  fmt::print("    {}\n", VerdictExplanation(o.verdict));
  std::string next(VerdictNextStep(o.verdict));
  if (o.verdict != Verdict::kError) next += " Stuck? " + Cmd("hint " + e.name());
  fmt::print("    {} {}\n", term_.Bold("Next:"), next);
  if (!options_.verbose && !o.raw.empty() && o.verdict != Verdict::kError)
    fmt::print("    {}\n", term_.Dim("(--verbose shows the full report)"));
}

}  // namespace threadlings
