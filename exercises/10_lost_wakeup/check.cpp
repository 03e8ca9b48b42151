// Checks for 10_lost_wakeup. The learner does not edit this file.
//
// A lost wakeup is not a data race, so ThreadSanitizer cannot see it, and a stress test finds
// it only when the notifier happens to run in the waiter's short window. These checks force
// every order instead, through a seam in front of pthread_cond_wait (which
// std::condition_variable::wait calls): the check sees the moment a waiter has looked at the
// state, found set() not called yet, and is about to go to sleep (it still holds its mutex).
// - SetBeforeWait runs set() to completion and only then calls wait(), twice: each must
//   return at once.
// - SetInTheWaitersWindow parks the waiter in that window and calls set() right there. A
//   set() that changes the state under the waiter's mutex cannot get in until the waiter
//   sleeps (the check sees it blocked and lets the waiter go on); a set() that changes it
//   without that mutex, or notifies before it changes it, notifies a waiter that is not
//   asleep yet, and the waiter then sleeps forever. Every run, whatever the timing.
// - WaitBlocksUntilSet calls wait() while nobody will call set() for 500 ms, and the seam
//   wakes the waiter once for nothing (a spurious wakeup, which the standard allows): wait()
//   must still be waiting when the 500 ms end (a wait_for() that gives up, or an `if` that
//   trusts the first wake-up, would not be).
// - SetWhileWaiting lets set() and wait() meet in many orders, behind a start gate.
#include <one_shot_event.h>
#include <threadlings/check.h>

#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <thread>

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr auto kQuietPeriod = 500ms;  // nobody calls set() for this long in WaitBlocksUntilSet
constexpr auto kReturnLimit = 2000ms;  // a wait() that should return has this long to do so
constexpr int kRounds = 20;

long ms_since(Clock::time_point start) {
  return static_cast<long>(
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count());
}

int this_tid() { return static_cast<int>(::syscall(SYS_gettid)); }

/// Whether thread `tid` of this process is asleep in the kernel (blocked on a lock, say).
bool asleep(int tid) {
  char path[64];
  std::snprintf(path, sizeof path, "/proc/self/task/%d/stat", tid);
  std::FILE* f = std::fopen(path, "r");
  if (f == nullptr) return false;
  char buf[512];
  const size_t n = std::fread(buf, 1, sizeof buf - 1, f);
  std::fclose(f);
  buf[n] = 0;
  const char* paren = std::strrchr(buf, ')');
  return paren != nullptr && paren[1] == ' ' && (paren[2] == 'S' || paren[2] == 'D');
}

/// Waits up to `limit` for `flag`; returns it.
bool wait_for_flag(const std::atomic<bool>& flag, std::chrono::milliseconds limit) {
  const auto end = Clock::now() + limit;
  while (!flag.load()) {
    if (Clock::now() > end) return false;
    std::this_thread::sleep_for(200us);
  }
  return true;
}

// --- The seam in front of pthread_cond_wait -------------------------------------------------

/// What the seam does to the armed thread's next pthread_cond_wait.
enum class Seam { kOff, kSpurious, kPark };

thread_local Seam t_seam = Seam::kOff;   // set by the waiter thread for itself
std::atomic<bool> g_spurious_given{false};
// The waiter tells the setter that it is in the window with relaxed atomics only: they order
// nothing, so ThreadSanitizer still sees a set() that writes the state without the waiter's
// mutex as the data race it is.
std::atomic<bool> g_in_window{false};     // the waiter is parked in the seam
std::atomic<bool> g_notified{false};      // set() called pthread_cond_signal/broadcast
std::atomic<int> g_setter_tid{0};         // the thread calling set(), once it does
std::atomic<bool> g_set_returned{false};
thread_local bool t_setter = false;       // this thread calls set()

/// Parks the waiter (holding its mutex, about to sleep) until set() has notified, has
/// returned, or is provably blocked (on the mutex the waiter holds), or 2 s have passed.
void park_in_window() {
  g_in_window.store(true, std::memory_order_relaxed);
  const auto end = Clock::now() + kReturnLimit;
  int blocked_polls = 0;
  while (Clock::now() < end && !g_notified.load(std::memory_order_relaxed) &&
         !g_set_returned.load(std::memory_order_relaxed)) {
    const int tid = g_setter_tid.load();
    blocked_polls = tid != 0 && asleep(tid) ? blocked_polls + 1 : 0;
    if (blocked_polls >= 5) break;  // asleep for ~1 ms: set() waits for this waiter's mutex
    std::this_thread::sleep_for(200us);
  }
}

}  // namespace

extern "C" int __interceptor_pthread_cond_wait(pthread_cond_t* cond, pthread_mutex_t* mutex);
extern "C" int __interceptor_pthread_cond_signal(pthread_cond_t* cond);
extern "C" int __interceptor_pthread_cond_broadcast(pthread_cond_t* cond);

// std::condition_variable::wait calls pthread_cond_wait; these run before ThreadSanitizer's.
extern "C" int pthread_cond_wait(pthread_cond_t* cond, pthread_mutex_t* mutex) {
  const Seam seam = t_seam;
  t_seam = Seam::kOff;  // once per arming
  if (seam == Seam::kSpurious) {
    g_spurious_given = true;
    return 0;  // woken for nothing, still holding the mutex: allowed by POSIX and C++
  }
  if (seam == Seam::kPark) park_in_window();
  return __interceptor_pthread_cond_wait(cond, mutex);
}

extern "C" int pthread_cond_signal(pthread_cond_t* cond) {
  if (t_setter) g_notified.store(true, std::memory_order_relaxed);
  return __interceptor_pthread_cond_signal(cond);
}

extern "C" int pthread_cond_broadcast(pthread_cond_t* cond) {
  if (t_setter) g_notified.store(true, std::memory_order_relaxed);
  return __interceptor_pthread_cond_broadcast(cond);
}

namespace {

/// Reports a wait() that does not return; ends the process (the waiter cannot be stopped).
[[noreturn]] void report_stuck(const std::string& message) {
  TL_REPORT("deadlock", message);
  std::fflush(stdout);
  std::_Exit(1);
}

/// Runs wait() on a new thread and gives it kReturnLimit to return; reports it if it does not.
void expect_wait_returns(OneShotEvent& event, const std::string& when) {
  std::atomic<bool> returned{false};
  std::thread waiter([&] {
    event.wait();
    returned = true;
  });
  if (!wait_for_flag(returned, kReturnLimit))
    report_stuck("wait() " + when + " did not return within 2 s: the event must remember that "
                 "set() was called, for every later wait(), not only tell the waiters of that moment");
  waiter.join();
}

}  // namespace

// The loader finishes before anyone waits: its set() comes first, by construction. Then two
// request threads wait, one after the other: both must return at once.
TEST(OneShotEvent, SetBeforeWait) {
  auto event = std::make_unique<OneShotEvent>();
  std::thread loader([&] { event->set(); });
  loader.join();  // set() has returned: the event happened before anyone waited
  expect_wait_returns(*event, "called after set() had returned");
  expect_wait_returns(*event, "called a second time after set() had returned");
}

// The waiter has checked the state (set() not called yet) and is about to sleep, still
// holding its mutex; right then, another thread calls set(). wait() must return.
TEST(OneShotEvent, SetInTheWaitersWindow) {
  auto event = std::make_unique<OneShotEvent>();
  std::atomic<bool> returned{false};
  std::thread waiter([&] {
    t_seam = Seam::kPark;
    event->wait();
    t_seam = Seam::kOff;
    returned = true;
  });
  std::thread setter([&] {
    g_setter_tid.store(this_tid(), std::memory_order_relaxed);
    t_setter = true;
    // A wait() built on something else than a condition variable never reaches the seam:
    // then this is one more set() while waiting.
    const auto end = Clock::now() + 300ms;
    while (!g_in_window.load(std::memory_order_relaxed) && Clock::now() < end)
      std::this_thread::sleep_for(200us);
    event->set();
    g_set_returned.store(true, std::memory_order_relaxed);
  });
  if (!wait_for_flag(g_set_returned, kReturnLimit + 300ms))
    report_stuck("set() did not return within 2 s while a thread was in wait()");
  setter.join();
  if (!wait_for_flag(returned, kReturnLimit))
    report_stuck(std::string("wait() never returned: it had checked the state and found set() not "
                             "called yet, and was about to sleep, when set() ran and ") +
                 (g_notified ? "notified it before it slept: that notification was lost"
                             : "returned without waking it") +
                 ". Change the state under the mutex wait() checks it under, and notify after the "
                 "change: then set() cannot run between that check and the sleep");
  waiter.join();
}

// Nobody calls set() for kQuietPeriod: wait() must still be waiting when it ends, although the
// seam wakes it once for nothing (a spurious wakeup) on the way.
TEST(OneShotEvent, WaitBlocksUntilSet) {
  auto event = std::make_unique<OneShotEvent>();
  std::atomic<bool> returned{false};
  const auto start = Clock::now();
  std::thread waiter([&] {
    t_seam = Seam::kSpurious;
    event->wait();
    t_seam = Seam::kOff;
    returned = true;
  });
  long returned_after_ms = -1;
  while (Clock::now() - start < kQuietPeriod) {
    if (returned) {
      returned_after_ms = ms_since(start);
      break;
    }
    std::this_thread::sleep_for(5ms);
  }
  event->set();
  waiter.join();
  if (returned_after_ms >= 0)
    TL_REPORT("wrong-result",
              "wait() returned after " + std::to_string(returned_after_ms) +
                  " ms although nobody had called set()" +
                  (g_spurious_given ? ": the condition variable woke it once for nothing (a "
                                      "spurious wakeup, which the standard allows), and wait() "
                                      "returned instead of checking the state again (wait in a "
                                      "loop, or with a predicate)"
                                    : ": a wait that gives up after a timeout reports an event "
                                      "that never happened"));
}

// set() and wait() from two threads that start together, many times over.
TEST(OneShotEvent, SetWhileWaiting) {
  for (int round = 0; round < kRounds; ++round) {
    auto event = std::make_unique<OneShotEvent>();
    tl::StartGate gate;
    std::thread waiter([&] {
      gate.wait();
      tl::jitter();
      event->wait();
    });
    std::thread loader([&] {
      gate.wait();
      tl::jitter();
      event->set();
    });
    gate.open();
    loader.join();
    waiter.join();
  }
}
