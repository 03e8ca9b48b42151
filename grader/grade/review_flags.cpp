#include "review_flags.h"

#include <regex>
#include <sstream>

namespace threadlings {
namespace {

struct Construct {
  std::regex pattern;
  const char* why;
};

// What a fix of a concurrency exercise does not need, and an attack on the grader would.
const std::vector<Construct>& Constructs() {
  static const std::vector<Construct> all = [] {
    const std::pair<const char*, const char*> table[] = {
        {R"(/proc\b)", "reads /proc (where the grader's command line and files show)"},
        {R"(\b(getenv|secure_getenv|environ|__environ)\b)", "reads the environment (where the grader passes its paths)"},
        {R"(\b(gtest|GTEST_\w*|testing::\w+|TEST_F?\s*\(|(EXPECT|ASSERT)_[A-Z_]+)\b)",
         "touches GoogleTest, which only the checks use"},
        {R"(\b(THREADLINGS_\w+|tl::(write_record|report|ProgressWatch)\w*)\b)", "touches the check harness"},
        {R"(^\s*#\s*(define|undef)\b)", "defines or removes a macro (an assertion or a keyword could be redefined)"},
        {R"(\b(_exit|_Exit|quick_exit|exit)\s*\()", "ends the process itself"},
        {R"(\b(constructor|destructor)\s*\)|gnu::(constructor|destructor)|init_priority)", "runs code before or after main"},
        {R"(\b(fork|vfork|exec[lv]p?e?|posix_spawnp?|system|popen)\s*\()", "starts processes or programs"},
        {R"(\b(kill|killpg|tgkill|ptrace|prctl|setrlimit|prlimit|unshare|setns|mount|chroot|syscall|dlopen|dlsym)\s*\()",
         "a system call that a fix has no need of"},
        {R"(\b(asm|__asm__)\b)", "inline assembly"},
        {R"(\b(fopen|freopen|ofstream|fstream|creat|openat|open)\s*[\(<]|std::[io]?fstream\b)", "opens files"},
        {R"(\bsignal\s*\(|\bsigaction\b)", "installs signal handlers"},
    };
    std::vector<Construct> v;
    for (const auto& [re, why] : table) v.push_back({std::regex(re), why});
    return v;
  }();
  return all;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Line by line: `^` then means the start of a line.
bool UsedIn(const std::regex& re, const std::vector<std::vector<std::string>>& texts) {
  for (const auto& lines : texts)
    for (const auto& line : lines)
      if (std::regex_search(line, re)) return true;
  return false;
}

std::string Trim(std::string s, size_t max) {
  const auto b = s.find_first_not_of(" \t");
  s = b == std::string::npos ? "" : s.substr(b);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.pop_back();
  return s.size() > max ? s.substr(0, max) + "..." : s;
}

}  // namespace

std::vector<std::string> ReviewFlags(const std::string& shown_path, const std::string& submitted,
                                     const std::vector<std::string>& references, size_t max_flags) {
  const std::vector<std::string> mine = Lines(submitted);
  std::vector<std::vector<std::string>> theirs;
  for (const auto& r : references) theirs.push_back(Lines(r));
  std::vector<const Construct*> new_ones;
  for (const auto& c : Constructs())
    if (UsedIn(c.pattern, {mine}) && !UsedIn(c.pattern, theirs)) new_ones.push_back(&c);
  std::vector<std::string> flags;
  size_t more = 0;
  for (size_t i = 0; i < mine.size(); ++i)
    for (const Construct* c : new_ones) {
      const std::string& line = mine[i];
      const size_t n = i + 1;
      if (!std::regex_search(line, c->pattern)) continue;
      if (flags.size() < max_flags)
        flags.push_back(shown_path + ":" + std::to_string(n) + ": " + c->why + ": `" + Trim(line, 100) + "`");
      else
        ++more;
      break;  // one flag per line
    }
  if (more) flags.push_back(shown_path + ": " + std::to_string(more) + " more line(s) like these");
  return flags;
}

}  // namespace threadlings
