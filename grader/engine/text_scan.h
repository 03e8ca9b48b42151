// Reading untrusted text (compiler output, sanitizer reports, the learner's files) by plain
// scanning, and cutting long lines before they are shown. No std::regex on such text: its
// backtracking recurses about once per character, and one long line overflows the stack
// (issue 14: a 60,000-character line ended the grader with SIGSEGV).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace threadlings {

/// The longest line shown to a learner. Real diagnostics stay under it (the longest g++ and
/// clang++ lines in tests/golden are about 540 characters, and clang's static_assert text
/// comes at their end); a learner's 60,000-character line does not.
inline constexpr size_t kMaxShownLine = 1000;

/// `line` as shown: whole when it has at most `max` characters, else its first `max`
/// characters and "... (N characters cut)".
std::string CutLine(std::string_view line, size_t max = kMaxShownLine);

/// A cursor over one line. Each Eat consumes what it names and returns true, or consumes
/// nothing and returns false; none looks back, so a line costs time linear in its length.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : rest_(text) {}

  /// What is left.
  std::string_view rest() const { return rest_; }
  bool done() const { return rest_.empty(); }

  /// `literal`, exactly.
  bool Eat(std::string_view literal);
  /// One or more decimal digits, which `*digits` (if given) receives.
  bool EatNumber(std::string_view* digits = nullptr);
  /// One or more lowercase hexadecimal digits.
  bool EatHexDigits();
  /// "0x" and one or more lowercase hexadecimal digits.
  bool EatHex() { return Eat("0x") && EatHexDigits(); }
  /// `prefix` and one or more digits ("M12", "thread T3"), which `*taken` (if given) receives.
  bool EatNumbered(std::string_view prefix, std::string_view* taken = nullptr);
  /// "main thread" or "thread T<n>" (TSan's names of threads), which `*who` receives.
  bool EatThread(std::string_view* who);
  /// One or more characters that are not white space (a regex's \S+), which `*word` (if
  /// given) receives.
  bool EatWord(std::string_view* word = nullptr);
  /// White space (std::isspace), as much as there is; how much was eaten.
  size_t SkipSpace();

 private:
  std::string_view rest_;
};

/// Decimal digits as an int, saturated at INT_MAX (a line number of twenty digits must not
/// throw as std::stoi does).
int ToInt(std::string_view digits);

/// The characters `.` of a regular expression would not match (ECMAScript's line
/// terminators): a line holding one is not a diagnostic.
bool HasLineBreak(std::string_view s);

}  // namespace threadlings
