// What threadlings is doing, on one line rewritten in place while it works (building
// GoogleTest, compiling, running check i/n), on a terminal only.
#pragma once

#include <mutex>
#include <string>

namespace threadlings {

/// One updating line on stdout: each Show replaces it (carriage return, erase the line), cut to
/// the terminal's width; Clear erases it before other output. Does nothing when stdout is not
/// a terminal, so logs get only the verdicts. Safe to call from several threads.
class StatusLine {
 public:
  /// `active`: show anything at all (default: stdout is a terminal).
  StatusLine();
  explicit StatusLine(bool active) : active_(active) {}

  /// Shows `text` after the prefix ("check all 2/5 · "), replacing what was shown.
  void Show(const std::string& text);
  /// Erases the line, if one is shown.
  void Clear();
  /// Text put before every line from now on ("check all 2/5"); empty: none.
  void SetPrefix(const std::string& prefix);

  bool active() const { return active_; }

 private:
  std::mutex mutex_;
  bool active_ = false;
  bool shown_ = false;
  std::string prefix_;
};

}  // namespace threadlings
