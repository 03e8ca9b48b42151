// `threadlings` (or `threadlings watch`): the learner's loop. Shows the current exercise,
// verifies it, and verifies it again a moment after each save of a file the learner edits
// (inotify on the exercise folder, so editors that save by renaming a new file work too).
// On a terminal, single keys drive it; with stdin not a terminal it re-runs on save only.
#include <fmt/core.h>
#include <poll.h>
#include <sys/inotify.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <set>

#include "learn_cli.h"
#include "process.h"

namespace threadlings {
namespace {

// Key reading with line editing and echo off (Ctrl-C still interrupts); restored on exit,
// on Ctrl-C and around prompts that read a whole line.
class RawTerminal {
 public:
  RawTerminal() {
    if (!isatty(0) || tcgetattr(0, &saved_) != 0) return;
    active_ = true;
    RestoreTerminalOnInterrupt(0, &saved_);
    Raw();
  }
  ~RawTerminal() {
    if (!active_) return;
    Cooked();
    RestoreTerminalOnInterrupt(-1, nullptr);
  }
  bool active() const { return active_; }
  void Raw() {
    if (!active_) return;
    struct termios t = saved_;
    t.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    tcsetattr(0, TCSANOW, &t);
  }
  void Cooked() {
    if (active_) tcsetattr(0, TCSANOW, &saved_);
  }

 private:
  struct termios saved_ {};
  bool active_ = false;
};

// How long the edited files must stay quiet after a save before the verification starts:
// long enough for an editor's burst of writes (write, rename, chmod: well under 10 ms), short
// next to the 1-2 s a verification takes.
constexpr std::chrono::milliseconds kQuiet{60};

// Reports saves of a set of files in one folder.
class SaveWatcher {
 public:
  SaveWatcher() : fd_(inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {}
  ~SaveWatcher() {
    if (fd_ >= 0) close(fd_);
  }
  bool ok() const { return fd_ >= 0; }
  int fd() const { return fd_; }

  void Watch(const fs::path& dir, const std::vector<std::string>& files) {
    if (wd_ >= 0) inotify_rm_watch(fd_, wd_);
    names_ = std::set<std::string>(files.begin(), files.end());
    // Written in place (IN_CLOSE_WRITE) or renamed over the old file (IN_MOVED_TO, IN_CREATE).
    wd_ = inotify_add_watch(fd_, dir.c_str(), IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE);
  }

  /// Reads pending events; true when one concerns a watched file.
  bool Drain() {
    bool relevant = false;
    alignas(struct inotify_event) char buf[8192];
    for (;;) {
      const ssize_t n = read(fd_, buf, sizeof buf);
      if (n <= 0) break;
      for (ssize_t at = 0; at < n;) {
        const auto* ev = reinterpret_cast<const struct inotify_event*>(buf + at);
        if (ev->wd == wd_ && ev->len > 0 && names_.count(ev->name)) relevant = true;
        at += static_cast<ssize_t>(sizeof(struct inotify_event) + ev->len);
      }
    }
    return relevant;
  }

  /// After a first event: waits until the files have been quiet for `quiet`, so that an
  /// editor's burst of writes (or a formatter run on save) gives one verification.
  void Debounce(std::chrono::milliseconds quiet) {
    for (;;) {
      struct pollfd p {fd_, POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(quiet.count())) <= 0) return;
      Drain();
    }
  }

 private:
  int fd_ = -1;
  int wd_ = -1;
  std::set<std::string> names_;
};

bool Passed(const Progress& p, const Exercise& e) {
  const auto it = p.exercises.find(e.name());
  return it != p.exercises.end() && it->second.status == "passed";
}

// The exercise after `from` in learning order that has not passed (wrapping round), or null.
const Exercise* NextUnpassed(const Kit& kit, const Progress& p, const Exercise& from) {
  const auto& all = kit.exercises();
  size_t i = 0;
  while (i < all.size() && &all[i] != &from) ++i;
  for (size_t k = 1; k <= all.size(); ++k) {
    const Exercise& e = all[(i + k) % all.size()];
    if (!Passed(p, e)) return &e;
  }
  return nullptr;
}

std::string ProgressBar(size_t passed, size_t total) {
  constexpr size_t kWidth = 24;
  const size_t filled = total ? passed * kWidth / total : 0;
  return "[" + std::string(filled, '#') + std::string(kWidth - filled, '-') + "] " + std::to_string(passed) +
         "/" + std::to_string(total);
}

// Reads one line with echo on (for prompts); empty at the end of input.
std::string PromptLine(RawTerminal& term, const std::string& prompt) {
  fmt::print("{}", prompt);
  std::fflush(stdout);
  term.Cooked();
  std::string line;
  if (!std::getline(std::cin, line)) line.clear();
  term.Raw();
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
  return line;
}

}  // namespace

Command SetupWatch(CLI::App& parent, AfterPass after_pass) {
  auto o = std::make_shared<WatchOptions>();
  o->after_pass = std::move(after_pass);
  auto* cmd = parent.add_subcommand(
      "watch", "Work through the course: verify the current exercise on every save (also: threadlings alone)");
  cmd->add_option("exercise", o->start,
                  "Start at this exercise (name, number or folder); it becomes the current one");
  cmd->add_flag("--no-cards", o->no_cards, "No flashcards after a pass");
  cmd->add_option("--lang", o->lang, "Language of the flashcards: en or ru")->check(CLI::IsMember({"en", "ru"}));
  cmd->footer(
      "Keys: n next exercise (once this one passes), h next hint, l list and jump, r re-run, c check all, "
      "x reset this exercise, s solution (after a pass), q quit. With stdin not a terminal there are no "
      "keys: it re-runs on every save until interrupted.");
  return {cmd, [o](App& app) { return RunWatch(app, *o); }};
}

int RunWatch(App& app, const WatchOptions& o) {
  InstallInterruptHandlers();
  const Term& t = app.term();
  const Kit& kit = app.kit();
  std::string err;
  SaveWatcher watcher;
  if (!watcher.ok()) {
    PrintError("cannot watch files (inotify: " + std::string(std::strerror(errno)) +
               "); use '" + app.Cmd("verify") + "' after each edit instead");
    return kExitError;
  }
  RawTerminal term;
  const bool keys = term.active();

  Progress progress;
  if (!app.store().Load(&progress, &err)) {
    PrintError(err);
    return kExitError;
  }
  const Exercise* current = app.Current(progress);
  if (!current) current = &kit.exercises().back();  // all passed: stay on the last one

  auto remember = [&](const Exercise* e) {
    if (!app.store().Update([&](Progress& p) { p.current = e->name(); }, &err)) PrintError(err);
  };
  if (!o.start.empty()) {
    current = kit.Find(o.start, &err);
    if (!current) {
      PrintError(err);
      return kExitUsage;
    }
    remember(current);
  }
  auto keys_line = [&](bool passed) {
    if (!keys) return std::string("(re-runs when you save; Ctrl-C ends)");
    return std::string(passed ? "n next · s solution · " : "") + "h hint · l list · r re-run · c check all · x reset · q quit";
  };

  bool force = false;
  for (;;) {
    // Header: where the learner is and what to edit.
    if (!app.store().Load(&progress, &err)) {
      PrintError(err);
      return kExitError;
    }
    if (t.color()) fmt::print("\033[2J\033[H");  // a fresh screen for each verdict
    fmt::print("{} — {}\n", t.Bold(current->dir_name), current->manifest.title);
    for (const auto& f : current->manifest.edit) {
      const int line = FindTodoLine(current->EditPath(f));
      fmt::print("  edit {}{}\n", DisplayPath(current->EditPath(f)), line ? ":" + std::to_string(line) : "");
    }
    fmt::print("  read {}\n\n", DisplayPath(current->dir / "README.md"));
    std::fflush(stdout);

    // Watch before verifying: a save made while the check builds and runs must not be lost
    // (nor one made just after the keys line appears).
    watcher.Watch(current->dir, current->manifest.edit);
    watcher.Drain();

    VerifyOptions v;
    v.names = {current->name()};
    v.force = force;
    v.no_cards = true;
    force = false;
    const int code = RunVerify(app, v);
    bool passed = code == kExitOk;
    if (passed && !o.no_cards && o.after_pass && keys) {
      term.Cooked();
      o.after_pass(app, *current, o.lang);
      term.Raw();
    }
    if (!app.store().Load(&progress, &err)) PrintError(err);
    size_t passed_count = 0;
    for (const auto& e : kit.exercises()) passed_count += Passed(progress, e) ? 1 : 0;
    fmt::print("\n{} {}\n", t.Bold("Progress"), ProgressBar(passed_count, kit.exercises().size()));
    if (passed && !NextUnpassed(kit, progress, *current))
      fmt::print("{}\n", t.Good("Every exercise of the course passes. Well done!"));
    fmt::print("\n{}\n", t.Dim(keys_line(passed)));
    std::fflush(stdout);

    // Wait for a save or a key. A save during the verification counts at once.
    bool rerun = false;
    if (watcher.Drain()) {
      watcher.Debounce(kQuiet);
      rerun = true;
    }
    while (!rerun) {
      struct pollfd fds[2] = {{watcher.fd(), POLLIN, 0}, {0, POLLIN, 0}};
      const int n = poll(fds, keys ? 2 : 1, -1);
      if (n < 0) {
        if (errno == EINTR) continue;
        PrintError(std::string("waiting for changes failed: ") + std::strerror(errno));
        return kExitError;
      }
      if (fds[0].revents & POLLIN) {
        if (watcher.Drain()) {
          watcher.Debounce(kQuiet);
          rerun = true;
        }
        continue;
      }
      if (!keys || !(fds[1].revents & (POLLIN | POLLHUP))) continue;
      char key = 0;
      if (read(0, &key, 1) != 1) return kExitOk;  // the terminal went away
      switch (key) {
        case 'q':
        case 'Q':
          return kExitOk;
        case 'r':
          force = true;
          rerun = true;
          break;
        case 'h': {
          HintOptions h;
          h.name = current->name();
          fmt::print("\n");
          RunHint(app, h);
          fmt::print("\n{}\n", t.Dim(keys_line(passed)));
          break;
        }
        case 's': {
          if (!passed) {
            fmt::print("{}\n", t.Dim("The solution opens once this exercise passes ('" + app.Cmd("solution --force " + current->name()) + "' shows it anyway)."));
            break;
          }
          SolutionOptions s;
          s.name = current->name();
          RunSolution(app, s);
          fmt::print("\n{}\n", t.Dim(keys_line(passed)));
          break;
        }
        case 'n': {
          if (!passed) {
            fmt::print("{}\n", t.Dim("n moves on once this exercise passes; l picks another one."));
            break;
          }
          const Exercise* next = NextUnpassed(kit, progress, *current);
          if (!next) {
            fmt::print("{}\n", t.Good("Every exercise passes; l picks one to do again."));
            break;
          }
          current = next;
          remember(current);
          rerun = true;
          break;
        }
        case 'l': {
          fmt::print("\n");
          RunList(app, ListOptions{});
          const std::string answer = PromptLine(term, "Go to (number or name; Enter stays here): ");
          if (answer.empty()) {
            fmt::print("{}\n", t.Dim(keys_line(passed)));
            break;
          }
          const Exercise* chosen = nullptr;
          for (const auto& e : kit.exercises())
            if (e.dir_name.substr(0, 2) == (answer.size() == 1 ? "0" + answer : answer)) chosen = &e;
          if (!chosen) chosen = kit.Find(answer, &err);
          if (!chosen) {
            PrintError(err);
            fmt::print("{}\n", t.Dim(keys_line(passed)));
            break;
          }
          current = chosen;
          remember(current);
          rerun = true;
          break;
        }
        case 'c': {
          VerifyOptions all;
          all.all = true;
          all.no_cards = true;
          fmt::print("\n");
          RunVerify(app, all);
          fmt::print("\n{}\n", t.Dim(keys_line(passed)));
          break;
        }
        case 'x': {
          const std::string answer = PromptLine(
              term, "Reset " + current->dir_name + " to its starting version? Your version is kept in a backup. [y/N] ");
          if (answer == "y" || answer == "Y" || answer == "yes") {
            ResetOptions r;
            r.name = current->name();
            r.yes = true;
            RunReset(app, r);
            rerun = true;
          } else {
            fmt::print("{}\n", t.Dim("Not reset. " + keys_line(passed)));
          }
          break;
        }
        default:
          break;
      }
      std::fflush(stdout);
    }
  }
}

}  // namespace threadlings
