// Escaping what comes from a submission (file and folder names, student names, messages, check
// and compiler output) for each place a report goes: one function per destination. The
// terminal's (and a CI log's) is TerminalSafe in term.h. Internal to the grade room.
#pragma once

#include <string>
#include <string_view>

namespace threadlings::escape {

/// The message of a GitHub workflow command ("::error ...::MESSAGE"): '%', CR and LF
/// percent-encoded, as GitHub's runner decodes them.
std::string GithubData(std::string_view s);

/// A property value of a GitHub workflow command ("file=VALUE"): GithubData, and ':' and ','
/// percent-encoded too.
std::string GithubProperty(std::string_view s);

/// Inline Markdown (a table cell, a list item, bold text): no line breaks, HTML's '<', '>',
/// '&' as entities, Markdown's markup characters backslash-escaped (not '_', which GitHub
/// does not take as emphasis inside a word such as 01_race), control characters shown.
std::string Markdown(std::string_view s);

/// A fenced Markdown code block holding `text` as it is: a fence longer than any backtick run
/// inside, control characters shown.
std::string MarkdownBlock(std::string_view text);

/// XML 1.0 text, or an attribute value with `attribute`: markup characters as entities,
/// characters XML cannot hold dropped, bytes that are not UTF-8 as U+FFFD.
std::string Xml(std::string_view s, bool attribute = false);

/// A CSV field per RFC 4180 (quoted when it holds ',', '"', CR or LF), and a leading '=',
/// '+', '-', '@', tab or CR prefixed with "'" so that a spreadsheet takes it as text.
std::string Csv(std::string_view s);

}  // namespace threadlings::escape
