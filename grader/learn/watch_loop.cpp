#include "watch_loop.h"

#include <fmt/core.h>
#include <poll.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>

#include "course_progress.h"
#include "terminal_text.h"

namespace threadlings {
namespace {

// How long the edited files must stay quiet after a save before the verification starts:
// long enough for an editor's burst of writes (write, rename, chmod: well under 10 ms), short
// next to the 1-2 s a verification takes.
constexpr std::chrono::milliseconds kQuiet{60};

}  // namespace

WatchLoop::WatchLoop(App& app, const WatchOptions& o, SaveWatcher& watcher, RawTerminal& term)
    : app_(app), o_(o), watcher_(watcher), term_(term), keys_(term.active()) {
  app_.SetInWatch(keys_);
}

int WatchLoop::Run() {
  if (const auto code = Start()) return *code;
  for (;;) {
    if (!ShowHeader()) return kExitError;
    WatchCurrent();
    VerifyCurrent();
    ShowProgress();
    if (const auto code = WaitForChange()) return *code;
  }
}

// Picks the exercise to start at: the one asked for, else the current one, else (all passed)
// the last one. An exit code when it cannot.
std::optional<int> WatchLoop::Start() {
  std::string err;
  if (!app_.store().Load(&progress_, &err)) {
    PrintError(err);
    return kExitError;
  }
  current_ = app_.Current(progress_);
  if (!current_) current_ = &app_.kit().exercises().back();  // all passed: stay on the last one
  if (!o_.start.empty()) {
    const Exercise* start = app_.kit().Find(o_.start, &err);
    if (!start) {
      PrintError(err);
      return kExitUsage;
    }
    MoveTo(start);
  }
  return std::nullopt;
}

// Where the learner is and what to edit, on a fresh screen for each verdict.
bool WatchLoop::ShowHeader() {
  std::string err;
  if (!app_.store().Load(&progress_, &err)) {
    PrintError(err);
    return false;
  }
  const Term& t = app_.term();
  if (t.color()) fmt::print("\033[2J\033[H");
  fmt::print("{}\n", Fit(t.Bold(current_->dir_name) + " — " + current_->manifest.title, "  "));
  for (const auto& f : current_->manifest.edit) {
    const int line = FindTodoLine(current_->EditPath(f));
    fmt::print("  edit {}{}\n", DisplayPath(current_->EditPath(f)), line ? ":" + std::to_string(line) : "");
  }
  fmt::print("  read {}\n\n", DisplayPath(current_->dir / "README.md"));
  std::fflush(stdout);
  return true;
}

// Watches before verifying: a save made while the check builds and runs must not be lost (nor
// one made just after the keys line appears).
void WatchLoop::WatchCurrent() {
  watcher_.Watch(current_->dir, current_->manifest.edit);
  watcher_.Drain();
}

// Verifies the current exercise (rebuilt if forced), then cards after a pass on a terminal.
void WatchLoop::VerifyCurrent() {
  VerifyOptions v;
  v.names = {current_->name()};
  v.force = force_;
  v.no_cards = true;
  v.on_outcome = [&](const Exercise&, const Outcome& o) { last_ = o; };
  force_ = false;
  last_.reset();
  passed_ = RunVerify(app_, v) == kExitOk;
  if (passed_ && !o_.no_cards && o_.after_pass && keys_) {
    term_.Cooked();
    o_.after_pass(app_, *current_, o_.lang);
    term_.Raw();
  }
}

// The progress bar, a word when the whole course passes, and the keys.
void WatchLoop::ShowProgress() {
  std::string err;
  if (!app_.store().Load(&progress_, &err)) PrintError(err);
  const Term& t = app_.term();
  const Kit& kit = app_.kit();
  fmt::print("\n{} {}\n", t.Bold("Progress"), ProgressBar(CountPassed(kit, progress_), kit.exercises().size(), 24));
  if (passed_ && !NextUnpassed(kit, progress_, *current_))
    fmt::print("{}\n", t.Good("Every exercise of the course passes. Well done!"));
  ShowKeys();
  std::fflush(stdout);
}

// Waits for a save or a key; nothing when a new round is due, else the exit code. A save
// during the verification counts at once.
std::optional<int> WatchLoop::WaitForChange() {
  if (SaveArrived()) return std::nullopt;
  for (;;) {
    struct pollfd fds[2] = {{watcher_.fd(), POLLIN, 0}, {0, POLLIN, 0}};
    const int n = poll(fds, keys_ ? 2 : 1, -1);
    if (n < 0) {
      if (errno == EINTR) continue;
      PrintError(std::string("waiting for changes failed: ") + std::strerror(errno));
      return kExitError;
    }
    if (fds[0].revents & POLLIN) {
      if (SaveArrived()) return std::nullopt;
      continue;
    }
    if (!keys_ || !(fds[1].revents & (POLLIN | POLLHUP))) continue;
    char key = 0;
    if (!term_.ReadKey(&key)) return kExitOk;  // the terminal went away
    const Next next = HandleKey(key);
    if (next == Next::kQuit) return kExitOk;
    std::fflush(stdout);
    if (next == Next::kRerun) return std::nullopt;
  }
}

// True when a watched file was saved (once its burst of writes is over).
bool WatchLoop::SaveArrived() {
  if (!watcher_.Drain()) return false;
  watcher_.Debounce(kQuiet);
  return true;
}

std::string WatchLoop::KeysLine() const {
  if (!keys_) return "(re-runs when you save; Ctrl-C ends)";
  const bool report = last_ && !last_->raw.empty();
  return std::string(passed_ ? "n next · s solution · " : "") + (report ? "v full report · " : "") +
         "h hint · l list · r re-run · c check all · x reset · q quit";
}

void WatchLoop::ShowKeys() const {
  // Wrapped between keys, never inside one.
  const std::string keys = KeysLine(), sep = " · ";
  const size_t width = TerminalWidth();
  std::string shown, line;
  for (size_t start = 0; start <= keys.size();) {
    size_t end = keys.find(sep, start);
    if (end == std::string::npos) end = keys.size();
    const std::string item = keys.substr(start, end - start);
    if (!line.empty() && width && DisplayWidth(line + sep + item) > width) {
      shown += line + " ·\n";
      line.clear();
    }
    line += (line.empty() ? "" : sep) + item;
    start = end + sep.size();
  }
  fmt::print("\n{}\n", app_.term().Dim(shown + line));
}

// Moves to `e` and remembers it, so that the next watch and status start there.
void WatchLoop::MoveTo(const Exercise* e) {
  current_ = e;
  std::string err;
  if (!app_.store().Update([&](Progress& p) { p.current = e->name(); }, &err)) PrintError(err);
}

}  // namespace threadlings
