// Text that fits the terminal: its width, how wide a string shows, cutting and wrapping to it.
// Nothing is cut or wrapped when stdout is not a terminal (logs and pipes keep whole lines).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace threadlings {

/// Columns of the terminal on stdout: its window size, else $COLUMNS, else 80; 0 when stdout
/// is not a terminal (then nothing is wrapped).
size_t TerminalWidth();

/// Columns `s` takes on a terminal: one per UTF-8 code point, none for ANSI escapes.
size_t DisplayWidth(std::string_view s);

/// `s` cut to at most `width` columns (whole code points; escapes are kept).
std::string CutToWidth(std::string_view s, size_t width);

/// Wraps each line of `text` at spaces so that none is wider than `width` columns (0: no
/// wrapping); the lines a wrap adds start with `indent`. A word longer than a line stays whole.
std::string Wrap(std::string_view text, size_t width, const std::string& indent);

/// Wrap to the terminal on stdout (TerminalWidth()).
std::string Fit(std::string_view text, const std::string& indent);

}  // namespace threadlings
