// A lock-order checker that knows gate locks, for exercises whose manifest says
// `lock_order: gate-aware` (the grader then sets THREADLINGS_LOCK_ORDER=1 and turns
// ThreadSanitizer's own detector off).
//
// ThreadSanitizer's deadlock detector reports a cycle in the lock-order graph even when every
// edge of it was taken while one common mutex was held: such a "gate" lets only one thread at
// a time take the locks of the cycle, so it cannot deadlock. This checker records, for every
// edge "M taken while holding H", the mutexes held at every instance of it besides H (its
// guards, intersected over the instances), and reports a cycle only when the edges come from
// more than one thread and no mutex guards them all (the classic "GoodLock" rule).
// try_lock never blocks, so, as in ThreadSanitizer, a lock taken with it adds no edge.
//
// Every check is linked with -Wl,--wrap for the pthread lock calls below, so the calls that
// std::mutex, std::lock and friends compile into reach these wrappers first; with the checker
// off they only forward.
#include <execinfo.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <sanitizer/common_interface_defs.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "check.h"

extern "C" {
int __real_pthread_mutex_lock(pthread_mutex_t* m);
int __real_pthread_mutex_trylock(pthread_mutex_t* m);
int __real_pthread_mutex_unlock(pthread_mutex_t* m);
}

namespace tl {
namespace {

using Lock = const void*;

bool checker_on() {
  static const bool on = [] {
    const char* v = std::getenv("THREADLINGS_LOCK_ORDER");
    return v != nullptr && std::strcmp(v, "1") == 0;
  }();
  return on;
}

std::atomic<void (*)()> last_unlock_hook{nullptr};

/// Whether the wrappers keep track of the locks each thread holds.
bool enabled() { return checker_on() || last_unlock_hook.load(std::memory_order_relaxed) != nullptr; }

/// The locks this thread holds, in the order it took them (a lock taken twice, as a
/// recursive mutex is, appears once with a count).
struct Held {
  struct Entry {
    Lock lock;
    int count;
  };
  std::vector<Entry> entries;
  int thread_id = 0;
};

thread_local Held held;
std::atomic<int> next_thread_id{1};

int this_thread_id() {
  if (held.thread_id == 0) held.thread_id = next_thread_id.fetch_add(1);
  return held.thread_id;
}

/// "to taken while holding from", over every instance seen.
struct Edge {
  Lock from;
  Lock to;
  std::vector<Lock> guards;    ///< held at every instance, besides `from`
  std::vector<int> threads;    ///< threads that took it (the first few)
  std::string site;            ///< where `to` was first taken while holding `from`
};

/// The lock-order graph, guarded by a spin lock the graph's own locks never see.
struct Graph {
  std::atomic_flag busy = ATOMIC_FLAG_INIT;
  std::vector<Edge> edges;
  bool reported = false;
};

Graph& graph() {
  static Graph* g = new Graph;  // never destroyed: locks are taken until the process ends
  return *g;
}

class SpinGuard {
 public:
  explicit SpinGuard(std::atomic_flag& f) : f_(f) {
    while (f_.test_and_set(std::memory_order_acquire)) {
    }
  }
  ~SpinGuard() { f_.clear(std::memory_order_release); }

 private:
  std::atomic_flag& f_;
};

/// "file:line" of the first frame of the caller's stack outside the system's headers and
/// this file: the learner's line that took the lock (or the check's).
std::string CallerSite() {
  void* pcs[24];
  const int n = backtrace(pcs, 24);
  char buf[4096];
  for (int i = 2; i < n; ++i) {
    buf[0] = 0;
    // One program counter may stand for several inlined frames, written one after another,
    // each ended by a NUL, the list by an empty string.
    __sanitizer_symbolize_pc(static_cast<char*>(pcs[i]) - 1, "%s:%l", buf, sizeof buf);
    for (const char* frame = buf; *frame != 0; frame += std::strlen(frame) + 1) {
      // clang++ names libstdc++'s headers "/usr/bin/../lib/gcc/.../../../../include/c++/12/...".
      const std::string f = std::filesystem::path(frame).lexically_normal().string();
      if (f.rfind("/usr/include/", 0) == 0 || f.rfind("/usr/lib/", 0) == 0 || f.find("lock_order.cpp") != std::string::npos ||
          f.find("<null>") != std::string::npos || f.find("??") != std::string::npos)
        continue;
      return f;
    }
  }
  return "an unknown place";
}

std::vector<Lock> Intersect(const std::vector<Lock>& a, const std::vector<Lock>& b) {
  std::vector<Lock> out;
  for (Lock l : a)
    if (std::find(b.begin(), b.end(), l) != b.end()) out.push_back(l);
  return out;
}

/// Follows edges from `at` back to `target`; on each cycle found, `on_cycle` gets the path.
template <typename F>
void Paths(const Graph& g, Lock at, Lock target, std::vector<const Edge*>& path, F&& on_cycle) {
  if (path.size() > 8) return;
  for (const Edge& e : g.edges) {
    if (e.from != at) continue;
    if (std::find(path.begin(), path.end(), &e) != path.end()) continue;
    path.push_back(&e);
    if (e.to == target) on_cycle(path);
    else Paths(g, e.to, target, path, on_cycle);
    path.pop_back();
  }
}

/// Whether the cycle can deadlock: more than one thread, and no lock guarding every edge.
bool CanDeadlock(const std::vector<const Edge*>& cycle) {
  std::vector<int> threads;
  std::vector<Lock> common = cycle.front()->guards;
  for (const Edge* e : cycle) {
    for (int t : e->threads)
      if (std::find(threads.begin(), threads.end(), t) == threads.end()) threads.push_back(t);
    common = Intersect(common, e->guards);
  }
  return threads.size() > 1 && common.empty();
}

/// Writes a record of `verdict` at `site` ("file:line", as CallerSite gives it).
void RecordAt(const char* verdict, const std::string& message, const std::string& site) {
  const size_t colon = site.rfind(':');
  const std::string file = colon == std::string::npos ? site : site.substr(0, colon);
  const int line = colon == std::string::npos ? 0 : std::atoi(site.c_str() + colon + 1);
  write_record(verdict, message, file.c_str(), line);
}

/// "bank.h:25" of "/long/path/bank.h:25", for messages.
std::string Short(const std::string& site) {
  const size_t slash = site.rfind('/');
  return slash == std::string::npos ? site : site.substr(slash + 1);
}

void Report(const std::vector<const Edge*>& cycle) {
  std::string message = "locks taken in opposite orders with no common lock held, so two threads can each hold one "
                        "and wait for the other:";
  for (const Edge* e : cycle) message += " " + Short(e->site) + " takes a lock while holding another;";
  message.back() = '.';
  RecordAt("lock-order-inversion", message, cycle.back()->site);
  ADD_FAILURE() << "[lock-order-inversion] " << message;
}

/// Records "to taken while holding from" at `site` (the rest of the held locks as its
/// guards); reports the first cycle that can deadlock.
void AddEdge(Lock from, Lock to, std::vector<Lock> guards, int thread, const std::string& site) {
  Graph& g = graph();
  std::vector<const Edge*> found;
  {
    SpinGuard lock(g.busy);
    auto it = std::find_if(g.edges.begin(), g.edges.end(), [&](const Edge& e) { return e.from == from && e.to == to; });
    if (it == g.edges.end()) {
      g.edges.push_back({from, to, std::move(guards), {thread}, site});
      it = g.edges.end() - 1;
    } else {
      const bool new_thread = std::find(it->threads.begin(), it->threads.end(), thread) == it->threads.end();
      const std::vector<Lock> narrower = Intersect(it->guards, guards);
      if (!new_thread && narrower.size() == it->guards.size()) return;  // nothing new
      if (new_thread && it->threads.size() < 8) it->threads.push_back(thread);
      if (narrower.size() < it->guards.size()) it->site = site;  // the less guarded instance is the one to show
      it->guards = narrower;
    }
    if (g.reported) return;
    std::vector<const Edge*> path;
    Paths(g, to, from, path, [&](const std::vector<const Edge*>& p) {
      std::vector<const Edge*> cycle = p;
      cycle.push_back(&*it);
      if (found.empty() && CanDeadlock(cycle)) found = cycle;
    });
    if (found.empty()) return;
    g.reported = true;
  }
  Report(found);
}

/// What this thread has already recorded: an edge with the same guards adds nothing.
struct Seen {
  Lock from;
  Lock to;
  std::vector<Lock> guards;
  bool operator==(const Seen&) const = default;
};
thread_local std::vector<Seen> seen;
thread_local bool inside = false;  ///< the checker's own work takes no part in the graph

/// Whether glibc made `m` a recursive mutex (its kind, as pthread_mutexattr_settype set it).
bool IsRecursive(const pthread_mutex_t* m) { return (m->__data.__kind & 3) == PTHREAD_MUTEX_RECURSIVE_NP; }

/// A thread locking a plain mutex it already holds waits for itself forever: says so at the
/// learner's line and ends the process, rather than leaving the watchdog to find the hang.
[[noreturn]] void ReportSelfDeadlock() {
  const std::string site = CallerSite();
  RecordAt("deadlock",
           Short(site) + " locks a mutex this thread already holds: a std::mutex is not recursive, so the thread "
                         "waits for itself forever",
           site);
  // Not _exit(): ThreadSanitizer would run its end-of-process checks and report the blocked
  // threads as leaked before this record is read.
  syscall(SYS_exit_group, kExitTerminate);
  __builtin_unreachable();
}

void BeforeLock(Lock lock) {
  if (inside || !checker_on()) return;
  for (const auto& h : held.entries)
    if (h.lock == lock) {
      if (!IsRecursive(static_cast<const pthread_mutex_t*>(lock))) {
        inside = true;
        ReportSelfDeadlock();
      }
      return;  // a recursive mutex taken again: no new order
    }
  inside = true;
  const int thread = this_thread_id();
  for (const auto& h : held.entries) {
    Seen key{h.lock, lock, {}};
    for (const auto& other : held.entries)
      if (other.lock != h.lock) key.guards.push_back(other.lock);
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
    seen.push_back(key);
    AddEdge(h.lock, lock, key.guards, thread, CallerSite());
  }
  inside = false;
}

void Acquired(Lock lock) {
  for (auto& h : held.entries)
    if (h.lock == lock) {
      ++h.count;
      return;
    }
  held.entries.push_back({lock, 1});
}

/// Forgets `lock`; true when this thread now holds no lock at all.
bool Released(Lock lock) {
  for (auto it = held.entries.begin(); it != held.entries.end(); ++it)
    if (it->lock == lock) {
      if (--it->count == 0) held.entries.erase(it);
      return held.entries.empty();
    }
  return false;
}

/// Runs the check's hook after a thread let go of its last lock (never inside the hook).
void AfterLastUnlock() {
  void (*hook)() = last_unlock_hook.load(std::memory_order_acquire);
  if (hook == nullptr || inside) return;
  inside = true;
  hook();
  inside = false;
}

}  // namespace

void on_last_unlock(void (*hook)()) { last_unlock_hook.store(hook, std::memory_order_release); }

}  // namespace tl

extern "C" {

int __wrap_pthread_mutex_lock(pthread_mutex_t* m) {
  if (!tl::enabled()) return __real_pthread_mutex_lock(m);
  tl::BeforeLock(m);
  const int r = __real_pthread_mutex_lock(m);
  if (r == 0) tl::Acquired(m);
  return r;
}

int __wrap_pthread_mutex_trylock(pthread_mutex_t* m) {
  const int r = __real_pthread_mutex_trylock(m);
  if (r == 0 && tl::enabled()) tl::Acquired(m);
  return r;
}

int __wrap_pthread_mutex_unlock(pthread_mutex_t* m) {
  if (!tl::enabled()) return __real_pthread_mutex_unlock(m);
  const bool none_left = tl::Released(m);
  const int r = __real_pthread_mutex_unlock(m);
  if (none_left) tl::AfterLastUnlock();
  return r;
}

}  // extern "C"
