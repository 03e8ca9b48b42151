#include "term.h"

#include <fmt/color.h>
#include <fmt/core.h>
#include <unistd.h>

#include <cstdlib>

#include "utf8.h"

namespace threadlings {
namespace {

// Code points a terminal or a CI log would act on rather than show.
bool ActsOnTerminal(char32_t cp, bool keep_newlines) {
  if (cp == '\t' || (cp == '\n' && keep_newlines)) return false;
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F;
}

// A CI log command starts here, after blanks: "::" (GitHub Actions) or "##[" (its older form).
bool CommandAt(std::string_view s, size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  const std::string_view rest = s.substr(i);
  return rest.rfind("::", 0) == 0 || rest.rfind("##[", 0) == 0;
}

}  // namespace

std::string TerminalSafe(std::string_view s, bool keep_newlines) {
  std::string out;
  out.reserve(s.size());
  bool line_start = true;
  for (size_t i = 0; i < s.size();) {
    if (line_start && CommandAt(s, i)) out += '\\';
    line_start = false;
    char32_t cp = 0;
    const size_t len = DecodeUtf8(s, i, &cp);
    if (len == 0) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(s[i++]));
      continue;
    }
    if (ActsOnTerminal(cp, keep_newlines))
      out += cp < 0x100 ? fmt::format("\\x{:02x}", unsigned(cp)) : fmt::format("\\u{:04x}", unsigned(cp));
    else
      out.append(s.substr(i, len));
    line_start = cp == '\n' && keep_newlines;  // a shown break starts no line
    i += len;
  }
  return out;
}

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
  fmt::print(stderr, "threadlings: error: {}\n", TerminalSafe(message, true));
}

void PrintNote(const std::string& message) {
  fmt::print(stderr, "threadlings: note: {}\n", TerminalSafe(message, true));
}

bool StdinIsTerminal() { return isatty(0); }

}  // namespace threadlings
