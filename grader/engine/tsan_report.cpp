#include "tsan_report.h"

#include <regex>
#include <sstream>

namespace threadlings {
namespace {

std::string Trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

std::string Normalise(const std::string& title) {
  if (title.rfind("data race", 0) == 0) return "data-race";
  if (title.rfind("lock-order-inversion", 0) == 0) return "lock-order-inversion";
  if (title.rfind("thread leak", 0) == 0) return "thread-leak";
  if (title.rfind("unlock of an unlocked mutex", 0) == 0) return "mutex-bad-unlock";
  if (title.rfind("read lock of a write locked mutex", 0) == 0) return "mutex-bad-read-lock";
  if (title.rfind("read unlock of a write locked mutex", 0) == 0) return "mutex-bad-read-unlock";
  if (title.rfind("double lock of a mutex", 0) == 0) return "mutex-double-lock";
  if (title.rfind("destroy of a locked mutex", 0) == 0) return "mutex-destroy-locked";
  if (title.rfind("signal-unsafe call", 0) == 0) return "signal-unsafe-call";
  if (title.rfind("signal handler spoils errno", 0) == 0) return "errno-in-signal-handler";
  if (title.rfind("heap-use-after-free", 0) == 0) return "heap-use-after-free";
  if (title.rfind("use of an invalid mutex", 0) == 0) return "mutex-invalid-access";
  return "unknown";
}

// "    #3 Bank::transfer(Account&, Account&, long) /x/bank.h:21:5 (check+0x8e02)"
bool ParseFrame(const std::string& line, Frame* f) {
  static const std::regex frame(R"(^\s*#\d+\s+(.*)$)");
  std::smatch m;
  if (!std::regex_match(line, m, frame)) return false;
  // Drop the trailing "(module+0xoffset)" and clang's "(BuildId: ...)".
  static const std::regex module_suffix(R"(( \([^() ]*\+0x[0-9a-f]+\))?( \(BuildId: [0-9a-f]+\))?\s*$)");
  std::string rest = std::regex_replace(m[1].str(), module_suffix, "");
  // The location is the last space-separated token: "file:line[:col]" or "<null>".
  const auto space = rest.rfind(' ');
  const std::string loc = space == std::string::npos ? rest : rest.substr(space + 1);
  f->function = space == std::string::npos ? "" : rest.substr(0, space);
  static const std::regex file_line(R"(^(.*?):(\d+)(?::(\d+))?$)");
  std::smatch lm;
  if (std::regex_match(loc, lm, file_line)) {
    f->file = lm[1];
    f->line = std::stoi(lm[2]);
    f->column = lm[3].matched ? std::stoi(lm[3]) : 0;
  } else if (loc != "<null>") {
    f->function = rest;
  }
  return true;
}

}  // namespace

std::vector<TsanReport> ParseTsanLog(std::string_view text) {
  std::vector<TsanReport> reports;
  std::istringstream in{std::string(text)};
  std::string line;
  TsanReport* cur = nullptr;
  StackBlock* block = nullptr;
  static const std::string kWarning = "WARNING: ThreadSanitizer: ";
  static const std::string kSummary = "SUMMARY: ThreadSanitizer: ";
  static const std::regex pid_suffix(R"(\s*\(pid=\d+\)\s*$)");
  while (std::getline(in, line)) {
    if (const auto w = line.find(kWarning); w != std::string::npos) {
      reports.emplace_back();
      cur = &reports.back();
      block = nullptr;
      cur->title = std::regex_replace(line.substr(w + kWarning.size()), pid_suffix, "");
      cur->kind = Normalise(cur->title);
      cur->raw = line + "\n";
      continue;
    }
    if (!cur) continue;
    if (line.rfind("==================", 0) == 0) {
      cur = nullptr;
      continue;
    }
    cur->raw += line + "\n";
    if (line.rfind(kSummary, 0) == 0) {
      cur->summary = line.substr(kSummary.size());
      continue;
    }
    Frame f;
    if (ParseFrame(line, &f)) {
      if (!block) {  // a stack right under the WARNING line (e.g. a bad unlock)
        cur->blocks.push_back({cur->title + ":", {}});
        block = &cur->blocks.back();
      }
      block->frames.push_back(f);
      continue;
    }
    const std::string t = Trim(line);
    if (t.empty()) {
      block = nullptr;
      continue;
    }
    if (t.back() == ':') {
      cur->blocks.push_back({t, {}});
      block = &cur->blocks.back();
    } else {
      cur->notes.push_back(t);
      block = nullptr;
    }
  }
  return reports;
}

bool IsTsanFatal(std::string_view text) {
  return text.find("FATAL: ThreadSanitizer") != std::string_view::npos ||
         text.find("ThreadSanitizer: CHECK failed") != std::string_view::npos ||
         text.find("ThreadSanitizer: failed to") != std::string_view::npos;
}

std::string ShortFunction(const std::string& function) {
  // "HitCounter::hit(std::__cxx11::basic_string<...> const&)" -> "HitCounter::hit"
  size_t from = 0;
  for (;;) {
    const size_t paren = function.find('(', from);
    if (paren == std::string::npos || paren == 0) return function;
    if (paren >= 8 && function.compare(paren - 8, 8, "operator") == 0) {
      from = paren + 2;  // "operator()" keeps its own parentheses
      continue;
    }
    return function.substr(0, paren);
  }
}

}  // namespace threadlings
