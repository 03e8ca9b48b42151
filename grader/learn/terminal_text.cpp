#include "terminal_text.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <vector>

namespace threadlings {
namespace {

// Length of the ANSI escape at `s[i]` ("\033[...m"), 0 when there is none.
size_t EscapeLength(std::string_view s, size_t i) {
  if (s[i] != '\033' || i + 1 >= s.size() || s[i + 1] != '[') return 0;
  size_t j = i + 2;
  while (j < s.size() && !(s[j] >= '@' && s[j] <= '~')) ++j;
  return j < s.size() ? j - i + 1 : s.size() - i;
}

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Wraps one line (no '\n') into `out`.
void WrapLine(std::string_view line, size_t width, const std::string& indent, std::string* out) {
  if (DisplayWidth(line) <= width) {
    out->append(line);
    return;
  }
  // The line's own leading blanks stay on its first line.
  size_t start = line.find_first_not_of(' ');
  if (start == std::string_view::npos) {
    out->append(line);
    return;
  }
  std::string current(line.substr(0, start));
  bool empty = true;  // no word on the current line yet
  while (start < line.size()) {
    size_t end = line.find(' ', start);
    if (end == std::string_view::npos) end = line.size();
    const std::string_view word = line.substr(start, end - start);
    if (!word.empty()) {
      if (!empty && DisplayWidth(current) + 1 + DisplayWidth(word) > width) {
        out->append(current).append("\n");
        current = indent;
        empty = true;
      }
      if (!empty) current += ' ';
      current.append(word);
      empty = false;
    }
    start = end + 1;
  }
  out->append(current);
}

}  // namespace

size_t TerminalWidth() {
  if (!isatty(1)) return 0;
  struct winsize ws {};
  if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  if (const char* columns = std::getenv("COLUMNS")) {
    const long n = std::strtol(columns, nullptr, 10);
    if (n > 0) return static_cast<size_t>(n);
  }
  return 80;
}

size_t DisplayWidth(std::string_view s) {
  size_t width = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (const size_t n = EscapeLength(s, i)) {
      i += n - 1;
      continue;
    }
    if (!IsContinuationByte(s[i])) ++width;
  }
  return width;
}

std::string CutToWidth(std::string_view s, size_t width) {
  std::string out;
  size_t used = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (const size_t n = EscapeLength(s, i)) {
      out.append(s.substr(i, n));
      i += n - 1;
      continue;
    }
    if (!IsContinuationByte(s[i]) && ++used > width) {
      // Skip the rest of the text, keeping its escapes (a colour's reset).
      for (size_t j = i; j < s.size(); ++j)
        if (const size_t m = EscapeLength(s, j)) out.append(s.substr(j, m)), j += m - 1;
      return out;
    }
    out += s[i];
  }
  return out;
}

std::string Wrap(std::string_view text, size_t width, const std::string& indent) {
  if (width == 0) return std::string(text);
  std::string out;
  size_t start = 0;
  for (;;) {
    const size_t end = text.find('\n', start);
    WrapLine(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start), width,
             indent, &out);
    if (end == std::string_view::npos) return out;
    out += '\n';
    start = end + 1;
  }
}

std::string Fit(std::string_view text, const std::string& indent) { return Wrap(text, TerminalWidth(), indent); }

}  // namespace threadlings
