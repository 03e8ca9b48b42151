#include "term.h"

#include <fmt/color.h>
#include <fmt/core.h>
#include <unistd.h>

#include <cstdlib>

namespace threadlings {

Term::Term(const std::string& mode) {
  if (mode == "always") color_ = true;
  else if (mode == "never") color_ = false;
  else {
    const char* no_color = std::getenv("NO_COLOR");
    color_ = isatty(1) && !(no_color && *no_color);
  }
}

std::string Term::Bold(const std::string& s) const {
  return color_ ? fmt::format(fmt::emphasis::bold, "{}", s) : s;
}
std::string Term::Dim(const std::string& s) const {
  return color_ ? fmt::format(fmt::emphasis::faint, "{}", s) : s;
}
std::string Term::Good(const std::string& s) const {
  return color_ ? fmt::format(fg(fmt::terminal_color::green), "{}", s) : s;
}
std::string Term::Bad(const std::string& s) const {
  return color_ ? fmt::format(fg(fmt::terminal_color::red), "{}", s) : s;
}
std::string Term::Warn(const std::string& s) const {
  return color_ ? fmt::format(fg(fmt::terminal_color::yellow), "{}", s) : s;
}

std::string Term::VerdictLabel(Verdict v) const {
  const std::string name(VerdictName(v));
  if (!color_) return name;
  if (v == Verdict::kPass) return Good("✓ " + name);
  if (v == Verdict::kError) return Warn("! " + name);
  return Bad("✗ " + name);
}

void PrintError(const std::string& message) {
  fmt::print(stderr, "threadlings: error: {}\n", message);
}

void PrintNote(const std::string& message) {
  fmt::print(stderr, "threadlings: note: {}\n", message);
}

bool StdinIsTerminal() { return isatty(0); }

}  // namespace threadlings
