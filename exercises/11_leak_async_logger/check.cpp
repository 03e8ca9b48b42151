// Checks for 11_leak_async_logger. The learner does not edit this file.
//
// ThreadSanitizer says nothing about a thread that is still running or was detached, so
// these checks look for a leaked worker themselves:
// - DestructorWaitsForTheWorker holds the worker inside the sink while ~AsyncLogger() runs.
//   A destructor that joins cannot return before the sink does; a destructor that lets the
//   worker go (detach, a sleep, ...) returns while the worker is provably still inside the
//   sink. No luck involved either way. Holding the worker also keeps it running when a
//   joinable std::thread is destroyed, so that mistake ends in std::terminate every time.
// - StopWhileTheWorkerFallsAsleep catches the worker, through a seam in front of
//   pthread_cond_wait (which std::condition_variable::wait calls), at the worst moment for a
//   stop signal: it has found the queue empty and is about to sleep, still holding the mutex.
//   The logger is destroyed right then. A stop flag changed under that mutex cannot get in
//   until the worker sleeps (the check sees the destructor blocked and lets the worker go
//   on); a flag changed without it, or a notification sent before the flag changes, or one
//   that goes to a condition variable nobody waits on, is lost and the destructor never
//   returns. The worker is then held again as it wakes up: a destructor that returns before
//   the worker has finished is caught right there. Every run, whatever the timing.
// - LogDoesNotWaitForTheSink calls log() while the worker is held inside the sink.
// - NoThreadOutlivesTheLogger counts the process's threads before and after the loggers'
//   lifetimes.
#include <async_logger.h>
#include <threadlings/check.h>

#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace {

using namespace std::chrono_literals;

/// How long the sink holds the worker once ~AsyncLogger() has started. A destructor that does
/// not wait for its worker returns well within this window.
constexpr auto kHoldWindow = 500ms;

std::string message(int i) { return "message " + std::to_string(i); }

using Clock = std::chrono::steady_clock;

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

/// Waits up to `limit` for `flag` (polling, so that the waiting creates no order); returns it.
bool wait_for_flag(const std::atomic<bool>& flag, std::chrono::milliseconds limit) {
  const auto end = Clock::now() + limit;
  while (!flag.load(std::memory_order_relaxed)) {
    if (Clock::now() > end) return false;
    std::this_thread::sleep_for(200us);
  }
  return true;
}

// --- The seam in front of pthread_cond_wait, for StopWhileTheWorkerFallsAsleep --------------
// The worker and the test talk through relaxed atomics only: they order nothing, so
// ThreadSanitizer still sees a stop flag written without the worker's mutex as a data race.

constexpr int kIdleAfter = 3;             // messages delivered before the worker is caught
std::atomic<bool> g_seam_armed{false};
std::atomic<int> g_delivered{0};          // the counting sink of that test
std::atomic<bool> g_parked{false};        // the worker was caught falling asleep
std::atomic<bool> g_notified{false};      // pthread_cond_signal/broadcast ran after that
std::atomic<bool> g_woke{false};          // the caught worker woke up again
std::atomic<bool> g_held_at_return{false};  // ~AsyncLogger() returned while it was held
std::atomic<int> g_destroyer_tid{0};
std::atomic<bool> g_destroyed{false};     // ~AsyncLogger() returned
thread_local bool t_destroyer = false;    // this thread destroys the logger

/// Holds the calling thread until ~AsyncLogger() has returned or is provably blocked (asleep
/// for ~1 ms: on the mutex this thread holds, or in join()), or `also` is set, or 2 s passed.
void hold_until_destroyer_moves(const std::atomic<bool>* also) {
  const auto end = Clock::now() + 2000ms;
  int blocked_polls = 0;
  while (Clock::now() < end && !g_destroyed.load(std::memory_order_relaxed) &&
         !(also && also->load(std::memory_order_relaxed))) {
    const int tid = g_destroyer_tid.load(std::memory_order_relaxed);
    blocked_polls = tid != 0 && asleep(tid) ? blocked_polls + 1 : 0;
    if (blocked_polls >= 5) break;
    std::this_thread::sleep_for(200us);
  }
}

}  // namespace

extern "C" int __interceptor_pthread_cond_wait(pthread_cond_t* cond, pthread_mutex_t* mutex);
extern "C" int __interceptor_pthread_cond_signal(pthread_cond_t* cond);
extern "C" int __interceptor_pthread_cond_broadcast(pthread_cond_t* cond);

// std::condition_variable(_any)::wait calls pthread_cond_wait; these run before
// ThreadSanitizer's own.
extern "C" int pthread_cond_wait(pthread_cond_t* cond, pthread_mutex_t* mutex) {
  if (!g_seam_armed.load(std::memory_order_relaxed) ||
      g_delivered.load(std::memory_order_relaxed) != kIdleAfter ||
      g_parked.exchange(true, std::memory_order_relaxed))
    return __interceptor_pthread_cond_wait(cond, mutex);
  // The worker found nothing to do and is about to sleep, holding its mutex: destroy now.
  hold_until_destroyer_moves(&g_notified);
  if (g_destroyed.load(std::memory_order_relaxed)) g_held_at_return.store(true, std::memory_order_relaxed);
  const int result = __interceptor_pthread_cond_wait(cond, mutex);
  g_woke.store(true, std::memory_order_relaxed);
  // Woken (to stop, presumably): is the destructor waiting for this thread to finish?
  hold_until_destroyer_moves(nullptr);
  if (g_destroyed.load(std::memory_order_relaxed)) g_held_at_return.store(true, std::memory_order_relaxed);
  return result;
}

extern "C" int pthread_cond_signal(pthread_cond_t* cond) {
  if (t_destroyer) g_notified.store(true, std::memory_order_relaxed);
  return __interceptor_pthread_cond_signal(cond);
}

extern "C" int pthread_cond_broadcast(pthread_cond_t* cond) {
  if (t_destroyer) g_notified.store(true, std::memory_order_relaxed);
  return __interceptor_pthread_cond_broadcast(cond);
}

namespace {


/// The sink's side of the test. Shared with the logger's worker through a shared_ptr, so a
/// leaked worker never touches freed memory.
class SinkProbe {
 public:
  /// The sink: records `m`. The first message is held: the sink waits until the test starts
  /// destroying the logger, then up to kHoldWindow for the destructor to return.
  void deliver(const std::string& m) {
    std::unique_lock lock(mutex_);
    received_.push_back(m);
    if (received_.size() != 1) return;
    inside_ = true;
    changed_.notify_all();
    changed_.wait_for(lock, 5s, [&] { return destroying_; });
    changed_.wait_for(lock, kHoldWindow, [&] { return destructor_returned_; });
    inside_ = false;
    changed_.notify_all();
  }

  /// Waits up to `limit` until the sink holds the first message.
  bool wait_until_inside(std::chrono::milliseconds limit) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, limit, [&] { return inside_; });
  }

  void destroying() { set_flag(destroying_); }

  /// Records that ~AsyncLogger() returned; says whether the worker was still inside the sink.
  bool destructor_returned_while_inside() {
    std::lock_guard lock(mutex_);
    destructor_returned_ = true;
    changed_.notify_all();
    return inside_;
  }

  /// Waits up to `limit` until the held sink call has returned.
  void wait_until_outside(std::chrono::milliseconds limit) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, limit, [&] { return !inside_; });
  }

  std::vector<std::string> received() {
    std::lock_guard lock(mutex_);
    return received_;
  }

 private:
  void set_flag(bool& flag) {
    std::lock_guard lock(mutex_);
    flag = true;
    changed_.notify_all();
  }

  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::string> received_;
  bool inside_ = false;
  bool destroying_ = false;
  bool destructor_returned_ = false;
};

/// A sink that only counts; kept alive by whichever of logger and worker lives longer.
AsyncLogger::Sink counting_sink(std::shared_ptr<std::atomic<int>> count) {
  return [count](const std::string&) { count->fetch_add(1); };
}

/// Describes what differs between `got` and message(0..n-1), or "" when they match.
std::string delivery_problem(const std::vector<std::string>& got, int n) {
  std::vector<int> times(n, 0);
  for (const auto& m : got)
    for (int i = 0; i < n; ++i)
      if (m == message(i)) ++times[i];
  for (int i = 0; i < n; ++i) {
    if (times[i] == 0)
      return "'" + message(i) + "' never reached the sink before ~AsyncLogger() returned " +
             "(was the queue drained before the worker stopped?)";
    if (times[i] > 1)
      return "'" + message(i) + "' reached the sink " + std::to_string(times[i]) + " times";
  }
  if (static_cast<int>(got.size()) != n) return "the sink got messages that were never logged";
  for (int i = 0; i < n; ++i)
    if (got[i] != message(i))
      return "messages reached the sink out of order: got '" + got[i] + "' where '" +
             message(i) + "' was expected";
  return "";
}

}  // namespace

// While the worker is held inside the sink with 100 messages still queued, the logger is
// destroyed. ~AsyncLogger() must wait for the worker: when it returns, the worker must be
// out of the sink and every message must have been delivered exactly once, in order.
TEST(AsyncLogger, DestructorWaitsForTheWorker) {
  constexpr int kMessages = 101;
  auto probe = std::make_shared<SinkProbe>();
  auto logger = std::make_unique<AsyncLogger>([probe](const std::string& m) { probe->deliver(m); });

  logger->log(message(0));
  if (!probe->wait_until_inside(2000ms))
    FAIL() << "the worker did not pass '" << message(0) << "' to the sink within 2 s";
  for (int i = 1; i < kMessages; ++i) logger->log(message(i));  // queued behind the held sink

  probe->destroying();
  logger.reset();  // ~AsyncLogger()
  if (probe->destructor_returned_while_inside()) {
    TL_REPORT("thread-leak",
              "~AsyncLogger() returned while its worker thread was still running the sink: "
              "the worker outlived the logger (a destructor must stop its thread and join it)");
    probe->wait_until_outside(2000ms);  // let the stray worker finish before the test ends
    return;
  }
  const std::vector<std::string> at_return = probe->received();
  if (const std::string problem = delivery_problem(at_return, kMessages); !problem.empty()) {
    // Were they dropped, or is a worker still delivering them after the destructor returned?
    std::this_thread::sleep_for(200ms);
    if (probe->received().size() > at_return.size()) {
      TL_REPORT("thread-leak",
                "~AsyncLogger() returned when " + std::to_string(at_return.size()) + " of " +
                    std::to_string(kMessages) +
                    " messages had reached the sink, and its worker delivered more after that: "
                    "the worker was still running. The destructor must wait until the worker "
                    "has finished (join it)");
      return;
    }
    ADD_FAILURE() << problem;
  }
}

// The worker has delivered everything and, finding the queue empty, is about to sleep (holding
// its mutex) when the logger is destroyed on another thread. ~AsyncLogger() must return, and
// only once the worker has finished.
TEST(AsyncLogger, StopWhileTheWorkerFallsAsleep) {
  g_seam_armed = true;
  auto logger = std::make_unique<AsyncLogger>(
      [](const std::string&) { g_delivered.fetch_add(1, std::memory_order_relaxed); });
  for (int i = 0; i < kIdleAfter; ++i) logger->log(message(i));
  std::thread destroyer([&] {
    // A worker that never sleeps on a condition variable never reaches the seam: then this is
    // one more logger destroyed while its worker is idle.
    wait_for_flag(g_parked, 2000ms);
    g_destroyer_tid.store(this_tid(), std::memory_order_relaxed);
    t_destroyer = true;
    logger.reset();  // ~AsyncLogger()
    g_destroyed.store(true, std::memory_order_relaxed);
  });
  if (!wait_for_flag(g_destroyed, 3000ms)) {
    TL_REPORT("deadlock",
              std::string("~AsyncLogger() never returned. Its worker had delivered every message, "
                          "found the queue empty and was about to sleep, still holding the mutex, "
                          "when the destructor ran; ") +
                  (!g_parked ? "the worker did not stop"
                   : g_woke  ? "the worker woke up but did not stop"
                   : g_notified
                       ? "the destructor notified before the worker slept, and that notification "
                         "was lost: change the stop state under the mutex the worker checks it "
                         "under, and notify after the change"
                       : "nothing woke the sleeping worker: the stop must change state the "
                         "worker's wait checks, and notify the condition variable it sleeps on") +
                  ". The destructor waits in join() for a worker that sleeps forever");
    std::fflush(stdout);
    std::_Exit(1);
  }
  destroyer.join();
  if (g_held_at_return)
    TL_REPORT("thread-leak",
              std::string("~AsyncLogger() returned while its worker thread was still running (") +
                  (g_woke ? "it had just been woken to stop" : "it was about to sleep, waiting for messages") +
                  "): the destructor must stop the worker and wait until it has finished (join it)");
  else if (g_delivered.load() != kIdleAfter)
    ADD_FAILURE() << "the sink got " << g_delivered.load() << " messages; " << kIdleAfter
                  << " were logged";
}

// While the worker is held inside the sink, log() is called from another thread: it must
// return at once, without waiting for the sink.
TEST(AsyncLogger, LogDoesNotWaitForTheSink) {
  auto release = std::make_shared<std::atomic<bool>>(false);
  auto inside = std::make_shared<std::atomic<bool>>(false);
  auto got = std::make_shared<std::atomic<int>>(0);
  auto logger = std::make_unique<AsyncLogger>([release, inside, got](const std::string&) {
    if (got->fetch_add(1) == 0) {
      inside->store(true);
      const auto end = Clock::now() + 5s;
      while (!release->load() && Clock::now() < end) std::this_thread::sleep_for(200us);
    }
  });
  logger->log(message(0));
  if (!wait_for_flag(*inside, 2000ms)) {
    release->store(true);
    FAIL() << "the worker did not pass '" << message(0) << "' to the sink within 2 s";
  }
  std::atomic<bool> logged{false};
  std::thread caller([&] {
    logger->log(message(1));
    logger->log(message(2));
    logged = true;
  });
  const bool returned = wait_for_flag(logged, 1000ms);
  release->store(true);
  caller.join();
  logger.reset();
  if (!returned)
    TL_REPORT("wrong-result",
              "log() did not return within 1 s while the worker was inside the sink: log() must "
              "not wait for the sink (is the sink called while the queue's mutex is held?)");
}

// Five loggers live and die one after another; afterwards no thread of theirs may remain.
TEST(AsyncLogger, NoThreadOutlivesTheLogger) {
  const int baseline = tl::thread_baseline();
  auto count = std::make_shared<std::atomic<int>>(0);
  for (int round = 0; round < 5; ++round) {
    auto logger = std::make_unique<AsyncLogger>(counting_sink(count));
    for (int i = 0; i < 20; ++i) logger->log(message(i));
    logger.reset();
  }
  TL_EXPECT_NO_THREAD_LEAK(baseline, "after five AsyncLogger objects were destroyed", 500ms);
}
