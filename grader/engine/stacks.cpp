#include "stacks.h"

#include <cctype>
#include <sstream>
#include <string_view>

#include "kit.h"
#include "text_scan.h"
#include "tsan_report.h"

namespace threadlings {
namespace {

// A kind of wait and the library functions that show it: a function whose name holds one of
// `parts`, or is `whole`.
struct WaitRule {
  std::vector<std::string_view> parts;
  std::string_view whole;
  const char* what;
};

// What a blocked thread waits for, from the library frames above the learner's code.
std::string WaitKind(const std::vector<std::string>& inner_functions) {
  static const std::vector<WaitRule> kinds = {
      {{"pthread_cond_wait", "pthread_cond_timedwait", "pthread_cond_clockwait", "condition_variable"}, "",
       "waits on a condition variable"},
      {{"pthread_join", "clockjoin", "thread::join"}, "", "waits for a thread to finish (join)"},
      {{"pthread_mutex_lock", "pthread_mutex_timedlock", "pthread_mutex_clocklock", "__lll_lock_wait",
        "mutex::lock", "scoped_lock", "lock_guard", "unique_lock"}, "", "waits for a mutex"},
      {{"pthread_rwlock", "shared_mutex"}, "", "waits for a shared lock"},
      {{"sem_wait", "sem_timedwait", "sem_clockwait", "semaphore", "_M_acquire", "__atomic_wait", "atomic_wait",
        "__platform_wait"}, "", "waits on a semaphore (or an atomic wait)"},
      {{"future", "_M_get_result", "__atomic_futex_unsigned", "_M_complete_async"}, "", "waits for a future"},
      {{"waitpid", "wait4", "waitid"}, "", "waits for a child process"},
      {{"nanosleep", "sleep_for", "sleep_until", "usleep"}, "", "sleeps"},
      {{"__libc_read", "__read_nocancel", "poll", "select", "epoll_wait", "accept", "recv"}, "read",
       "waits in a system call (read, poll...)"},
  };
  for (const auto& fn : inner_functions)
    for (const auto& kind : kinds) {
      if (!kind.whole.empty() && fn == kind.whole) return kind.what;
      for (const auto part : kind.parts)
        if (fn.find(part) != std::string::npos) return kind.what;
    }
  return "";
}

std::string ShortGdbFunction(std::string fn) {
  // gdb: "Pool::run(int) (this=0x..., n=3)": the name, without the arguments or the signature.
  if (const auto paren = fn.find(" ("); paren != std::string::npos) fn = fn.substr(0, paren);
  fn = ShortFunction(fn);
  static const std::string kTestBody = "_Test::TestBody";
  if (fn.size() > kTestBody.size() && fn.compare(fn.size() - kTestBody.size(), kTestBody.size(), kTestBody) == 0)
    return "the test";
  return fn;
}

// gdb's "Thread <n> (...)": the thread's number, or false for any other line.
bool ParseThread(std::string_view line, std::string_view* id) {
  Scanner s(line);
  return s.Eat("Thread ") && s.EatNumber(id) && s.Eat(" ") && !HasLineBreak(s.rest());
}

// One frame of a backtrace: "#<n>  [0x<pc> in ]<function>[ at <file>:<line>][ from <library>]".
struct GdbFrame {
  std::string_view function;  ///< with its arguments, as gdb prints them
  std::string_view file;      ///< empty when gdb names no source file
  std::string_view line;
};

// What may follow a frame's function and place: white space, or " from <library>" and white space.
bool IsFrameEnd(std::string_view rest) {
  Scanner s(rest);
  if (Scanner from = s; from.Eat(" from ") && from.EatWord()) s = from;
  s.SkipSpace();
  return s.done();
}

// " at <file>:<line>" and a frame's end: the file is the word up to its last ':', which only
// digits follow.
bool ParsePlace(std::string_view rest, GdbFrame* f) {
  Scanner s(rest);
  std::string_view word;
  if (!s.Eat(" at ") || !s.EatWord(&word) || !IsFrameEnd(s.rest())) return false;
  const size_t colon = word.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  Scanner line(word.substr(colon + 1));
  if (!line.EatNumber(&f->line) || !line.done()) return false;
  f->file = word.substr(0, colon);
  return true;
}

// A frame line, read as the regex
//   ^#(\d+)\s+(?:0x[0-9a-f]+ in )?(.*?)(?: at (\S+):(\d+))?(?: from \S+)?\s*$
// read it: the function is the shortest text (without a line break) that a place and the
// frame's end, or the end alone, follow. Each candidate end is a space that opens a word, so
// the line costs time linear in its length.
bool ParseFrame(std::string_view line, GdbFrame* f) {
  Scanner s(line);
  if (!s.Eat("#") || !s.EatNumber() || s.SkipSpace() == 0) return false;
  if (Scanner pc = s; pc.EatHex() && pc.Eat(" in ")) s = pc;
  const std::string_view rest = s.rest();
  size_t blank_end = rest.size();  // where the trailing white space starts
  while (blank_end > 0 && std::isspace(static_cast<unsigned char>(rest[blank_end - 1]))) --blank_end;
  const size_t last = std::min(rest.find_first_of("\r\n"), rest.size());
  for (size_t k = 0; k <= last; ++k) {
    const bool end = k >= blank_end || (rest[k] == ' ' && IsFrameEnd(rest.substr(k)));
    if (end || (rest[k] == ' ' && ParsePlace(rest.substr(k), f))) {
      f->function = rest.substr(0, k);
      if (end) f->file = f->line = {};
      return true;
    }
  }
  return false;
}

// One thread of the backtrace, as far as the grader reads it.
struct Thread {
  std::string id;
  std::vector<std::string> inner;  ///< functions above the first kept frame
  std::vector<std::string> kept;   ///< "file:line in function"
};

// The sanitizer's instrumentation of an access is not something a thread waits in.
bool IsSanitizer(std::string_view function, std::string_view file) {
  return function.rfind("__tsan", 0) == 0 || function.rfind("__sanitizer", 0) == 0 ||
         function.rfind("__interceptor", 0) == 0 || file.find("libsanitizer") != std::string_view::npos;
}

// "Thread 3 waits for a mutex at a.h:12 in f, called from b.cpp:40 in g", cut to a readable length.
std::string Describe(const Thread& t) {
  std::string kind = WaitKind(t.inner);
  // Not waiting: spinning in its own code, or in a library call it makes in a loop.
  if (kind.empty()) kind = t.inner.empty() ? "is running" : "is running (inside " + t.inner.back() + ")";
  std::string s = "Thread " + t.id + " " + kind + " at " + t.kept[0];
  if (t.kept.size() > 1) s += ", called from " + t.kept[1];
  return CutLine(s);
}

}  // namespace

std::vector<std::string> CondenseStacks(const std::string& gdb_output,
                                        const std::function<bool(const std::string&)>& keep,
                                        const std::function<bool(const std::string&)>& learner,
                                        Location* first_learner) {
  std::vector<Thread> threads;
  std::istringstream in(gdb_output);
  std::string line;
  while (std::getline(in, line)) {
    std::string_view id;
    GdbFrame f;
    if (ParseThread(line, &id)) {
      threads.push_back({std::string(id), {}, {}});
      continue;
    }
    if (threads.empty() || !ParseFrame(line, &f)) continue;
    Thread& t = threads.back();
    const std::string file(f.file);
    if (!file.empty() && learner && first_learner && first_learner->empty() && learner(file))
      *first_learner = {file, ToInt(f.line)};
    if (!file.empty() && keep(file)) {
      t.kept.push_back(DisplayPath(file) + ":" + std::string(f.line) + " in " +
                       ShortGdbFunction(std::string(f.function)));
    } else if (t.kept.empty()) {
      const std::string_view fn = f.function.substr(0, f.function.find(' '));
      if (!IsSanitizer(fn, file)) t.inner.emplace_back(fn);
    }
  }
  std::vector<std::string> out;
  for (const auto& t : threads)
    if (!t.kept.empty()) out.push_back(Describe(t));  // else the sanitizer's, the harness's or a library's own thread
  return out;
}

}  // namespace threadlings
