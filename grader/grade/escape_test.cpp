// One escaping function per destination of a report (escape.h, and TerminalSafe in term.h),
// each fed what a hostile submission puts in names and output.
#include "escape.h"

#include <gtest/gtest.h>

#include "term.h"

namespace threadlings {
namespace {

// ---- the terminal and CI logs ----------------------------------------------------------------

TEST(EscapeTerminal, AnsiEscapesAndControlCharactersAreShownNotObeyed) {
  EXPECT_EQ(TerminalSafe("\x1b[31mred\x1b[0m"), "\\x1b[31mred\\x1b[0m");
  EXPECT_EQ(TerminalSafe("bell\x07 del\x7f c1\xc2\x9b"), "bell\\x07 del\\x7f c1\\x9b");
  EXPECT_EQ(TerminalSafe("a\rb\nc"), "a\\x0db\\x0ac");
  EXPECT_EQ(TerminalSafe("tab\tkept, \xc3\xa9 kept"), "tab\tkept, \xc3\xa9 kept");
}

TEST(EscapeTerminal, BidiOverridesAndBytesThatAreNotUtf8AreShown) {
  EXPECT_EQ(TerminalSafe("abc\xe2\x80\xae" "def"), "abc\\u202edef");
  EXPECT_EQ(TerminalSafe("x\xff\xc3"), "x\\xff\\xc3");
}

TEST(EscapeTerminal, AWorkflowCommandCannotStartALine) {
  EXPECT_EQ(TerminalSafe("::stop-commands::tok"), "\\::stop-commands::tok");
  EXPECT_EQ(TerminalSafe("  ::error::x"), "\\  ::error::x");
  EXPECT_EQ(TerminalSafe("##[error]x"), "\\##[error]x");
  EXPECT_EQ(TerminalSafe("a\n::error::x"), "a\\x0a::error::x") << "one line: the break is shown";
  EXPECT_EQ(TerminalSafe("a\n::error::x", true), "a\n\\::error::x") << "kept breaks: each line made inert";
  EXPECT_EQ(TerminalSafe("std::mutex a::b"), "std::mutex a::b") << "'::' inside a line is C++, kept";
}

// ---- GitHub workflow commands ---------------------------------------------------------------

TEST(EscapeGithub, DataEncodesPercentAndLineBreaks) {
  EXPECT_EQ(escape::GithubData("50% a\r\nb::c,d"), "50%25 a%0D%0Ab::c,d");
}

TEST(EscapeGithub, PropertiesAlsoEncodeColonAndComma) {
  EXPECT_EQ(escape::GithubProperty("a,b:c%\n"), "a%2Cb%3Ac%25%0A");
}

// ---- Markdown -------------------------------------------------------------------------------

TEST(EscapeMarkdown, HtmlIsShownAsText) {
  EXPECT_EQ(escape::Markdown("<img src=x onerror=alert(1)>"), "&lt;img src=x onerror=alert(1)&gt;");
  EXPECT_EQ(escape::Markdown("a & b"), "a &amp; b");
}

TEST(EscapeMarkdown, MarkdownPunctuationAndLineBreaksAreText) {
  EXPECT_EQ(escape::Markdown("a|b"), "a\\|b");
  EXPECT_EQ(escape::Markdown("[x](javascript:y) ![i](http://t/p.png)"),
            "\\[x\\](javascript:y) \\!\\[i\\](http://t/p.png)");
  EXPECT_EQ(escape::Markdown("**b** `c` ~s~ # h \\ 01_race"), "\\*\\*b\\*\\* \\`c\\` \\~s\\~ \\# h \\\\ 01_race");
  EXPECT_EQ(escape::Markdown("one\ntwo\x1b[1m"), "one\\\\x0atwo\\\\x1b\\[1m");
}

TEST(EscapeMarkdown, ABlockCannotBeClosedEarly) {
  EXPECT_EQ(escape::MarkdownBlock("a ``` b\n<script>"), "````text\na ``` b\n<script>\n````\n");
  EXPECT_EQ(escape::MarkdownBlock("x\x1b[2J"), "```text\nx\\x1b[2J\n```\n");
}

// ---- XML ------------------------------------------------------------------------------------

TEST(EscapeXml, MarkupIsEscapedAndWhatXmlCannotHoldIsDropped) {
  EXPECT_EQ(escape::Xml("<a href=\"x\">'&'</a>]]>"), "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;]]&gt;");
  EXPECT_EQ(escape::Xml("a\x1b" "b\x01\xff"), "ab\xEF\xBF\xBD");
  EXPECT_EQ(escape::Xml("l1\nl2\t\r", true), "l1&#10;l2&#9;&#13;");
}

// ---- CSV ------------------------------------------------------------------------------------

TEST(EscapeCsv, QuotedPerRfc4180) {
  EXPECT_EQ(escape::Csv("alice"), "alice");
  EXPECT_EQ(escape::Csv("Smith, \"Jo\""), "\"Smith, \"\"Jo\"\"\"");
  EXPECT_EQ(escape::Csv("a\nb"), "\"a\nb\"");
}

TEST(EscapeCsv, AFormulaIsTakenAsText) {
  EXPECT_EQ(escape::Csv("=HYPERLINK(\"http://x\",\"y\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
  EXPECT_EQ(escape::Csv("+1"), "'+1");
  EXPECT_EQ(escape::Csv("-cmd"), "'-cmd");
  EXPECT_EQ(escape::Csv("@SUM(A1)"), "'@SUM(A1)");
}

}  // namespace
}  // namespace threadlings
