#include "status_line.h"

#include <unistd.h>

#include <cstdio>

#include "terminal_text.h"

namespace threadlings {
namespace {

constexpr const char* kEraseLine = "\r\033[K";

}  // namespace

StatusLine::StatusLine() : active_(isatty(1)) {}

void StatusLine::Show(const std::string& text) {
  if (!active_) return;
  std::lock_guard lock(mutex_);
  const std::string line = prefix_.empty() ? text : prefix_ + " · " + text;
  const size_t width = TerminalWidth();
  // One column short of the width: a full line would move the cursor to the next one on some
  // terminals.
  std::fputs(kEraseLine, stdout);
  std::fputs(CutToWidth(line, width > 1 ? width - 1 : 79).c_str(), stdout);
  std::fflush(stdout);
  shown_ = true;
}

void StatusLine::Clear() {
  if (!active_) return;
  std::lock_guard lock(mutex_);
  if (!shown_) return;
  std::fputs(kEraseLine, stdout);
  std::fflush(stdout);
  shown_ = false;
}

void StatusLine::SetPrefix(const std::string& prefix) {
  std::lock_guard lock(mutex_);
  prefix_ = prefix;
}

}  // namespace threadlings
