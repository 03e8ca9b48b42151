#include "tsan_report.h"

#include <cctype>
#include <sstream>

#include "text_scan.h"

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

std::string_view TrimEnd(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Without its trailing " (module+0xoffset)" and clang's " (BuildId: ...)".
std::string_view WithoutModule(std::string_view rest) {
  rest = TrimEnd(rest);
  if (const size_t open = rest.rfind(" (BuildId: "); open != std::string_view::npos) {
    Scanner s(rest.substr(open));
    if (s.Eat(" (BuildId: ") && s.EatHexDigits() && s.Eat(")") && s.done()) rest = rest.substr(0, open);
  }
  if (const size_t open = rest.rfind(" ("); open != std::string_view::npos && rest.back() == ')') {
    // " (name+0xhex)", the name without parentheses or spaces.
    const std::string_view inside = rest.substr(open + 2, rest.size() - open - 3);
    const size_t plus = inside.rfind("+0x");
    Scanner hex(plus == std::string_view::npos ? "" : inside.substr(plus + 3));
    if (plus != std::string_view::npos && inside.substr(0, plus).find_first_of("() ") == std::string_view::npos &&
        hex.EatHexDigits() && hex.done())
      rest = rest.substr(0, open);
  }
  return rest;
}

// "file:line[:col]", the file the shortest prefix (possibly empty) before such a tail.
bool ParseFileLine(std::string_view loc, Frame* f) {
  for (size_t colon = loc.find(':'); colon != std::string_view::npos; colon = loc.find(':', colon + 1)) {
    Scanner s(loc.substr(colon + 1));
    std::string_view line, column;
    if (!s.EatNumber(&line)) continue;
    if (!s.done() && !(s.Eat(":") && s.EatNumber(&column) && s.done())) continue;
    f->file = std::string(loc.substr(0, colon));
    f->line = ToInt(line);
    f->column = column.empty() ? 0 : ToInt(column);
    return true;
  }
  return false;
}

// "    #3 Bank::transfer(Account&, Account&, long) /x/bank.h:21:5 (check+0x8e02)"
bool ParseFrame(const std::string& line, Frame* f) {
  Scanner s(line);
  s.SkipSpace();
  if (!s.Eat("#") || !s.EatNumber() || s.SkipSpace() == 0 || HasLineBreak(s.rest())) return false;
  const std::string_view rest = WithoutModule(s.rest());
  // The location is the last space-separated token: "file:line[:col]" or "<null>".
  const auto space = rest.rfind(' ');
  const std::string_view loc = space == std::string_view::npos ? rest : rest.substr(space + 1);
  f->function = space == std::string_view::npos ? "" : std::string(rest.substr(0, space));
  if (!ParseFileLine(loc, f) && loc != "<null>") f->function = std::string(rest);
  return true;
}

// The title without the " (pid=N)" that TSan ends it with.
std::string WithoutPid(std::string_view title) {
  const std::string_view t = TrimEnd(title);
  const size_t open = t.rfind("(pid=");
  if (open == std::string_view::npos) return std::string(title);
  Scanner s(t.substr(open));
  if (!s.Eat("(pid=") || !s.EatNumber() || !s.Eat(")") || !s.done()) return std::string(title);
  return std::string(TrimEnd(t.substr(0, open)));
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
  while (std::getline(in, line)) {
    if (const auto w = line.find(kWarning); w != std::string::npos) {
      reports.emplace_back();
      cur = &reports.back();
      block = nullptr;
      cur->title = WithoutPid(std::string_view(line).substr(w + kWarning.size()));
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

std::optional<Access> ParseAccess(std::string_view heading) {
  // Read in lower case; the thread's name is taken from the heading as printed.
  std::string lower(heading);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  Scanner s(lower);
  Access a;
  a.previous = s.Eat("previous ");
  a.atomic = s.Eat("atomic ");
  a.write = s.Eat("write");
  if (!a.write && !s.Eat("read")) return std::nullopt;
  if (!s.Eat(" of size ") || !s.EatNumber() || !s.Eat(" at ") || !s.EatHex() || !s.Eat(" by ")) return std::nullopt;
  const size_t who = lower.size() - s.rest().size();
  if (!s.Eat("main thread") && !s.EatNumbered("thread t")) return std::nullopt;
  a.thread = std::string(heading.substr(who, lower.size() - s.rest().size() - who));
  const size_t held = lower.size() - s.rest().size();
  if (s.Eat(" (mutexes: ")) {
    const size_t close = s.rest().find(')');
    if (close == std::string_view::npos || s.rest().substr(close) != "):") return std::nullopt;
    a.mutexes = MutexIds(heading.substr(held));
    return a;
  }
  if (s.rest() != ":") return std::nullopt;
  return a;
}

std::optional<std::string> ParseHeapAllocator(std::string_view heading) {
  Scanner s(heading);
  std::string_view who;
  if (!s.Eat("Location is heap block of size ") || !s.EatNumber() || !s.Eat(" at ") || !s.EatHex() ||
      !s.Eat(" allocated by ") || !s.EatThread(&who) || s.rest() != ":")
    return std::nullopt;
  return std::string(who);
}

std::optional<Acquired> ParseAcquired(std::string_view heading) {
  Scanner s(heading);
  std::string_view mutex, held, thread;
  if (!s.Eat("Mutex ") || !s.EatNumbered("M", &mutex) || !s.Eat(" acquired here while holding mutex ") ||
      !s.EatNumbered("M", &held) || !s.Eat(" in ") || !s.EatThread(&thread) || s.rest() != ":")
    return std::nullopt;
  return Acquired{std::string(mutex), std::string(held), std::string(thread)};
}

std::optional<std::string> ParsePreviouslyAcquired(std::string_view heading) {
  Scanner s(heading);
  std::string_view mutex;
  if (!s.Eat("Mutex ") || !s.EatNumbered("M", &mutex) || s.rest() != " previously acquired by the same thread here:")
    return std::nullopt;
  return std::string(mutex);
}

std::optional<ThreadCreated> ParseThreadCreated(std::string_view heading) {
  Scanner s(heading);
  std::string_view thread, creator;
  if (!s.Eat("Thread ") || !s.EatNumbered("T", &thread) || !s.Eat(" (tid=") || !s.EatNumber() || !s.Eat(", "))
    return std::nullopt;
  const bool finished = s.Eat("finished");
  if (!finished && !s.Eat("running")) return std::nullopt;
  if (!s.Eat(") created by ") || !s.EatThread(&creator) || s.rest() != " at:") return std::nullopt;
  return ThreadCreated{std::string(thread), finished};
}

std::optional<std::string> ParseGlobalLocation(std::string_view note) {
  Scanner s(note);
  if (!s.Eat("Location is global '")) return std::nullopt;
  const size_t quote = s.rest().find('\'');
  if (quote == std::string_view::npos) return std::nullopt;
  return std::string(s.rest().substr(0, quote));
}

std::optional<std::string> ParseStackLocation(std::string_view note) {
  Scanner s(note);
  std::string_view who;
  if (!s.Eat("Location is stack of ") || !s.EatThread(&who)) return std::nullopt;
  return std::string(who);
}

std::vector<std::string> MutexIds(std::string_view text) {
  std::vector<std::string> ids;
  for (size_t at = text.find('M'); at != std::string_view::npos; at = text.find('M', at)) {
    Scanner s(text.substr(at));
    std::string_view id;
    if (s.EatNumbered("M", &id)) {
      ids.emplace_back(id);
      at += id.size();
    } else {
      ++at;
    }
  }
  return ids;
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
