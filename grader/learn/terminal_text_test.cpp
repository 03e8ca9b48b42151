#include "terminal_text.h"

#include <gtest/gtest.h>

namespace threadlings {
namespace {

TEST(TerminalText, WidthCountsCodePointsNotBytesNorEscapes) {
  EXPECT_EQ(DisplayWidth("abc"), 3u);
  EXPECT_EQ(DisplayWidth("→ a · b"), 7u);
  EXPECT_EQ(DisplayWidth("\033[1mbold\033[0m"), 4u);
}

TEST(TerminalText, CutKeepsWholeCodePointsAndEscapes) {
  EXPECT_EQ(CutToWidth("abcdef", 3), "abc");
  EXPECT_EQ(CutToWidth("a→b·c", 4), "a→b·");
  EXPECT_EQ(CutToWidth("\033[1mbold\033[0m", 2), "\033[1mbo\033[0m");
  EXPECT_EQ(CutToWidth("short", 80), "short");
}

TEST(TerminalText, WrapsAtSpacesWithTheIndent) {
  EXPECT_EQ(Wrap("    one two three four", 14, "      "), "    one two\n      three\n      four");
  EXPECT_EQ(Wrap("fits as it is", 80, ""), "fits as it is");
  EXPECT_EQ(Wrap("a  b", 80, ""), "a  b");  // a line that fits keeps its spacing
  EXPECT_EQ(Wrap("one\ntwo three", 5, "  "), "one\ntwo\n  three");
}

TEST(TerminalText, ALongWordStaysWholeAndZeroWidthDoesNotWrap) {
  EXPECT_EQ(Wrap("x exercises/01_fx_counter/counter.h:5 y", 10, ""), "x\nexercises/01_fx_counter/counter.h:5\ny");
  EXPECT_EQ(Wrap("one two three", 0, ""), "one two three");
}

}  // namespace
}  // namespace threadlings
