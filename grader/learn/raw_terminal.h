// The watch loop's terminal: single keys with line editing and echo off (Ctrl-C still
// interrupts), restored on exit, on Ctrl-C and around prompts that read a whole line.
#pragma once

#include <termios.h>

#include <string>

namespace threadlings {

/// Puts stdin in key-at-a-time mode while it lives, when stdin is a terminal (else does nothing).
class RawTerminal {
 public:
  RawTerminal();
  ~RawTerminal();
  RawTerminal(const RawTerminal&) = delete;
  RawTerminal& operator=(const RawTerminal&) = delete;

  /// True when stdin is a terminal, so that single keys can drive the loop.
  bool active() const { return active_; }

  /// Key at a time, no echo.
  void Raw();
  /// Back to the terminal's own settings (line editing, echo).
  void Cooked();

  /// Reads one key; false when the terminal went away.
  bool ReadKey(char* key);

  /// Prints `prompt` and reads one key, echoed with a line end (a y/N question); 0 at the end
  /// of input.
  char PromptKey(const std::string& prompt);

  /// Prints `prompt` and reads one line with echo on, without trailing blanks; empty at the end
  /// of input.
  std::string PromptLine(const std::string& prompt);

 private:
  struct termios saved_ {};
  bool active_ = false;
};

}  // namespace threadlings
