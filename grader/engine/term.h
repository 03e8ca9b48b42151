// Terminal output: colour only on a terminal (and never with NO_COLOR), one error prefix.
#pragma once

#include <string>
#include <string_view>

#include "verdict.h"

namespace threadlings {

/// How text is styled on one stream.
class Term {
 public:
  /// `mode`: "auto" (colour if stdout is a terminal and NO_COLOR is unset), "always", "never".
  explicit Term(const std::string& mode = "auto");

  bool color() const { return color_; }
  std::string Bold(const std::string& s) const;
  std::string Dim(const std::string& s) const;
  std::string Good(const std::string& s) const;  ///< green
  std::string Bad(const std::string& s) const;   ///< red
  std::string Warn(const std::string& s) const;  ///< yellow

  /// "✓ pass" / "✗ data-race" when coloured, else the verdict name alone.
  std::string VerdictLabel(Verdict v) const;

 private:
  bool color_ = false;
};

/// `s` made inert for a terminal or a CI log, the one escaping for that destination: control
/// characters (ESC and so ANSI sequences, C1 controls, DEL, and line breaks unless
/// `keep_newlines`) and bidirectional overrides are shown as \x1b, \u202e..., bytes that are not
/// UTF-8 as \xNN, and a line that would start with a CI log command ("::" or "##[" after blanks,
/// which GitHub Actions obeys on stdout and stderr) gets a backslash before it.
std::string TerminalSafe(std::string_view s, bool keep_newlines = false);

/// Prints "threadlings: error: <message>" to stderr (TerminalSafe, line breaks kept).
void PrintError(const std::string& message);
/// Prints "threadlings: note: <message>" to stderr (TerminalSafe, line breaks kept).
void PrintNote(const std::string& message);

/// True when stdin is an interactive terminal.
bool StdinIsTerminal();

}  // namespace threadlings
