#include "stacks.h"

#include <regex>
#include <sstream>

#include "kit.h"
#include "tsan_report.h"

namespace threadlings {
namespace {

// What a blocked thread waits for, from the library frames above the learner's code.
std::string WaitKind(const std::vector<std::string>& inner_functions) {
  static const std::vector<std::pair<std::regex, const char*>> kinds = {
      {std::regex(R"(pthread_cond_(timed|clock)?wait|condition_variable)"), "waits on a condition variable"},
      {std::regex(R"(pthread_join|clockjoin|thread::join)"), "waits for a thread to finish (join)"},
      {std::regex(R"(pthread_mutex_(timed|clock)?lock|__lll_lock_wait|mutex::lock|scoped_lock|lock_guard|unique_lock)"),
       "waits for a mutex"},
      {std::regex(R"(pthread_rwlock|shared_mutex)"), "waits for a shared lock"},
      {std::regex(R"(sem_(timed|clock)?wait|semaphore|_M_acquire|__atomic_wait|atomic_wait|__platform_wait)"),
       "waits on a semaphore (or an atomic wait)"},
      {std::regex(R"(future|_M_get_result|__atomic_futex_unsigned|_M_complete_async)"), "waits for a future"},
      {std::regex(R"(waitpid|wait4|waitid)"), "waits for a child process"},
      {std::regex(R"(nanosleep|sleep_for|sleep_until|usleep)"), "sleeps"},
      {std::regex(R"(__libc_read|^read$|__read_nocancel|poll|select|epoll_wait|accept|recv)"),
       "waits in a system call (read, poll...)"},
  };
  for (const auto& fn : inner_functions)
    for (const auto& [re, what] : kinds)
      if (std::regex_search(fn, re)) return what;
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

}  // namespace

std::vector<std::string> CondenseStacks(const std::string& gdb_output,
                                        const std::function<bool(const std::string&)>& keep,
                                        const std::function<bool(const std::string&)>& learner,
                                        Location* first_learner) {
  static const std::regex thread_re(R"(^Thread (\d+) .*$)");
  static const std::regex frame_re(R"(^#(\d+)\s+(?:0x[0-9a-f]+ in )?(.*?)(?: at (\S+):(\d+))?(?: from \S+)?\s*$)");
  struct Thread {
    std::string id;
    std::vector<std::string> inner;  // functions above the first kept frame
    std::vector<std::string> kept;   // "file:line in function"
  };
  std::vector<Thread> threads;
  std::istringstream in(gdb_output);
  std::string line;
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_match(line, m, thread_re)) {
      threads.push_back({m[1].str(), {}, {}});
      continue;
    }
    if (threads.empty() || !std::regex_match(line, m, frame_re)) continue;
    Thread& t = threads.back();
    if (m[3].matched && learner && first_learner && first_learner->empty() && learner(m[3].str()))
      *first_learner = {m[3].str(), std::stoi(m[4].str())};
    if (m[3].matched && keep(m[3].str())) {
      t.kept.push_back(DisplayPath(m[3].str()) + ":" + m[4].str() + " in " + ShortGdbFunction(m[2].str()));
    } else if (t.kept.empty()) {
      std::string fn = m[2].str();
      fn = fn.substr(0, fn.find(' '));
      // The sanitizer's instrumentation of an access is not something the thread waits in.
      const bool sanitizer = fn.rfind("__tsan", 0) == 0 || fn.rfind("__sanitizer", 0) == 0 ||
                             fn.rfind("__interceptor", 0) == 0 ||
                             (m[3].matched && m[3].str().find("libsanitizer") != std::string::npos);
      if (!sanitizer) t.inner.push_back(fn);
    }
  }
  std::vector<std::string> out;
  for (const auto& t : threads) {
    if (t.kept.empty()) continue;  // the sanitizer's, the harness's or a library's own thread
    std::string kind = WaitKind(t.inner);
    // Not waiting: spinning in its own code, or in a library call it makes in a loop.
    if (kind.empty()) kind = t.inner.empty() ? "is running" : "is running (inside " + t.inner.back() + ")";
    std::string s = "Thread " + t.id + " " + kind + " at " + t.kept[0];
    if (t.kept.size() > 1) s += ", called from " + t.kept[1];
    out.push_back(s);
  }
  return out;
}

}  // namespace threadlings
