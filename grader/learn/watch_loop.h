// The learner's loop behind `threadlings watch`: its state and its steps. Each round shows the
// current exercise, verifies it, shows the progress and waits for a save (which starts the
// next round) or a key (watch_keys.cpp), which may move to another exercise. On a terminal,
// advice names keys ("press h") rather than commands.
#pragma once

#include <optional>
#include <string>

#include "learn_cli.h"
#include "raw_terminal.h"
#include "save_watcher.h"

namespace threadlings {

/// One watch session: the exercise it is on and what its last verification said.
class WatchLoop {
 public:
  /// Keys are read from `term` when it is active; saves are seen through `watcher`.
  WatchLoop(App& app, const WatchOptions& o, SaveWatcher& watcher, RawTerminal& term);

  /// Runs until the learner quits (q, or the terminal goes away) or an error; returns the exit
  /// code.
  int Run();

 private:
  /// What the loop does after a key.
  enum class Next {
    kWait,   ///< keep waiting for a save or a key
    kRerun,  ///< start a new round (on the current exercise, which may have changed)
    kQuit,   ///< end the loop
  };

  // The round (watch_loop.cpp).
  std::optional<int> Start();
  bool ShowHeader();
  void WatchCurrent();
  void VerifyCurrent();
  void ShowProgress();
  std::optional<int> WaitForChange();
  bool SaveArrived();
  std::string KeysLine() const;
  void ShowKeys() const;
  void MoveTo(const Exercise* e);

  // The keys (watch_keys.cpp).
  Next HandleKey(char key);
  void ShowHint();
  void ShowReport();
  void ShowSolution();
  Next MoveToNext();
  Next ListAndJump();
  void CheckAll();
  Next ResetCurrent();

  App& app_;
  const WatchOptions& o_;
  SaveWatcher& watcher_;
  RawTerminal& term_;
  const bool keys_;                    // single keys drive the loop (stdin is a terminal)
  Progress progress_;                  // as loaded after the last verification
  const Exercise* current_ = nullptr;  // the exercise the loop is on
  bool passed_ = false;                // the current exercise passed its last verification
  bool force_ = false;                 // the next verification rebuilds and reruns (r)
  std::optional<Outcome> last_;        // the current exercise's last verdict that ran (v shows its report)
};

}  // namespace threadlings
