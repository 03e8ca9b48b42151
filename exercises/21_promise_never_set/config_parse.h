// The configuration format and its parser. Part of the exercise's setting: you do not need
// to change this file.
#pragma once

#include <map>
#include <sstream>
#include <stdexcept>
#include <string>

/// A parsed configuration: key -> value.
using Config = std::map<std::string, std::string>;

/// What parse_config() throws for malformed text.
class ParseError : public std::runtime_error {
 public:
  ParseError(int line, const std::string& problem)
      : std::runtime_error("line " + std::to_string(line) + ": " + problem), line_(line) {}

  /// The 1-based line the problem is on.
  int line() const { return line_; }

 private:
  int line_;
};

/// Parses lines of the form "key = value". Blank lines and lines starting with '#' are
/// skipped. Throws ParseError for a line without '=', with an empty key, or with a key
/// that was already set.
inline Config parse_config(const std::string& text) {
  const auto trim = [](const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    return b == std::string::npos ? std::string() : s.substr(b, s.find_last_not_of(" \t") - b + 1);
  };
  Config config;
  std::istringstream in(text);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    line = trim(line);
    if (line.empty() || line[0] == '#') continue;
    const auto eq = line.find('=');
    if (eq == std::string::npos) throw ParseError(number, "expected 'key = value'");
    const std::string key = trim(line.substr(0, eq));
    if (key.empty()) throw ParseError(number, "empty key");
    if (!config.emplace(key, trim(line.substr(eq + 1))).second)
      throw ParseError(number, "'" + key + "' is set twice");
  }
  return config;
}
