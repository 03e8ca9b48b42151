// The watch loop's keys: n next exercise (once this one passes), h next hint, v the full report
// of the last verdict, l list and jump, r re-run, c check all, x reset this exercise (y/N, one
// key), s solution (after a pass), q quit.
#include <fmt/core.h>

#include "course_progress.h"
#include "outcome_view.h"
#include "watch_loop.h"

namespace threadlings {
namespace {

// The exercise typed at the list's prompt: its number ("3", "03") or a name Kit::Find knows.
const Exercise* ChosenExercise(const Kit& kit, const std::string& answer, std::string* err) {
  const Exercise* chosen = nullptr;
  for (const auto& e : kit.exercises())
    if (e.dir_name.substr(0, 2) == (answer.size() == 1 ? "0" + answer : answer)) chosen = &e;
  if (!chosen) chosen = kit.Find(answer, err);
  return chosen;
}

}  // namespace

WatchLoop::Next WatchLoop::HandleKey(char key) {
  switch (key) {
    case 'q':
    case 'Q':
      return Next::kQuit;
    case 'r':
      force_ = true;
      return Next::kRerun;
    case 'h':
      ShowHint();
      return Next::kWait;
    case 's':
      ShowSolution();
      return Next::kWait;
    case 'v':
      ShowReport();
      return Next::kWait;
    case 'n':
      return MoveToNext();
    case 'l':
      return ListAndJump();
    case 'c':
      CheckAll();
      return Next::kWait;
    case 'x':
      return ResetCurrent();
    default:
      return Next::kWait;
  }
}

void WatchLoop::ShowHint() {
  HintOptions h;
  h.name = current_->name();
  fmt::print("\n");
  RunHint(app_, h);
  ShowKeys();
}

void WatchLoop::ShowReport() {
  if (!last_) {
    fmt::print("{}\n", app_.term().Dim("No report yet: v shows the full report of the next verdict."));
    return;
  }
  PrintFullReport(app_, *current_, *last_);
  ShowKeys();
}

void WatchLoop::ShowSolution() {
  if (!passed_) {
    fmt::print("{}\n", app_.term().Dim("The solution opens once this exercise passes ('" +
                                       app_.Cmd("solution --force " + current_->name()) + "' shows it anyway)."));
    return;
  }
  SolutionOptions s;
  s.name = current_->name();
  RunSolution(app_, s);
  ShowKeys();
}

WatchLoop::Next WatchLoop::MoveToNext() {
  const Term& t = app_.term();
  if (!passed_) {
    fmt::print("{}\n", t.Dim("n moves on once this exercise passes; l picks another one."));
    return Next::kWait;
  }
  const Exercise* next = NextUnpassed(app_.kit(), progress_, *current_);
  if (!next) {
    fmt::print("{}\n", t.Good("Every exercise passes; l picks one to do again."));
    return Next::kWait;
  }
  MoveTo(next);
  return Next::kRerun;
}

WatchLoop::Next WatchLoop::ListAndJump() {
  fmt::print("\n");
  RunList(app_, ListOptions{});
  const std::string answer = term_.PromptLine("Go to (number or name; Enter stays here): ");
  if (answer.empty()) {
    fmt::print("{}\n", app_.term().Dim(KeysLine()));
    return Next::kWait;
  }
  std::string err;
  const Exercise* chosen = ChosenExercise(app_.kit(), answer, &err);
  if (!chosen) {
    PrintError(err);
    fmt::print("{}\n", app_.term().Dim(KeysLine()));
    return Next::kWait;
  }
  MoveTo(chosen);
  return Next::kRerun;
}

void WatchLoop::CheckAll() {
  VerifyOptions all;
  all.all = true;
  all.no_cards = true;
  all.progress_label = "check all";
  all.on_outcome = [&](const Exercise& e, const Outcome& o) {
    if (&e == current_) last_ = o;
  };
  fmt::print("\n");
  RunVerify(app_, all);
  ShowKeys();
}

WatchLoop::Next WatchLoop::ResetCurrent() {
  const char answer = term_.PromptKey(
      "Reset " + current_->dir_name + " to its starting version? Your version is kept in a backup. [y/N] ");
  if (answer != 'y' && answer != 'Y') {
    fmt::print("{}\n", app_.term().Dim("Not reset. " + KeysLine()));
    return Next::kWait;
  }
  ResetOptions r;
  r.name = current_->name();
  r.yes = true;
  RunReset(app_, r);
  return Next::kRerun;
}

}  // namespace threadlings
