#include "text_scan.h"

#include <cctype>
#include <climits>

namespace threadlings {

std::string CutLine(std::string_view line, size_t max) {
  if (line.size() <= max) return std::string(line);
  return std::string(line.substr(0, max)) + "... (" + std::to_string(line.size() - max) + " characters cut)";
}

bool Scanner::Eat(std::string_view literal) {
  if (rest_.substr(0, literal.size()) != literal) return false;
  rest_.remove_prefix(literal.size());
  return true;
}

bool Scanner::EatNumber(std::string_view* digits) {
  size_t n = 0;
  while (n < rest_.size() && std::isdigit(static_cast<unsigned char>(rest_[n]))) ++n;
  if (n == 0) return false;
  if (digits) *digits = rest_.substr(0, n);
  rest_.remove_prefix(n);
  return true;
}

bool Scanner::EatHexDigits() {
  size_t n = 0;
  while (n < rest_.size() && (std::isdigit(static_cast<unsigned char>(rest_[n])) || (rest_[n] >= 'a' && rest_[n] <= 'f')))
    ++n;
  if (n == 0) return false;
  rest_.remove_prefix(n);
  return true;
}

bool Scanner::EatNumbered(std::string_view prefix, std::string_view* taken) {
  Scanner s = *this;
  if (!s.Eat(prefix) || !s.EatNumber()) return false;
  if (taken) *taken = rest_.substr(0, rest_.size() - s.rest_.size());
  *this = s;
  return true;
}

bool Scanner::EatThread(std::string_view* who) {
  const std::string_view start = rest_;
  if (!Eat("main thread") && !EatNumbered("thread T")) return false;
  *who = start.substr(0, start.size() - rest_.size());
  return true;
}

bool Scanner::EatWord(std::string_view* word) {
  size_t n = 0;
  while (n < rest_.size() && !std::isspace(static_cast<unsigned char>(rest_[n]))) ++n;
  if (n == 0) return false;
  if (word) *word = rest_.substr(0, n);
  rest_.remove_prefix(n);
  return true;
}

size_t Scanner::SkipSpace() {
  size_t n = 0;
  while (n < rest_.size() && std::isspace(static_cast<unsigned char>(rest_[n]))) ++n;
  rest_.remove_prefix(n);
  return n;
}

int ToInt(std::string_view digits) {
  long long v = 0;
  for (const char c : digits) {
    v = v * 10 + (c - '0');
    if (v > INT_MAX) return INT_MAX;
  }
  return static_cast<int>(v);
}

bool HasLineBreak(std::string_view s) { return s.find_first_of("\r\n") != std::string_view::npos; }

}  // namespace threadlings
