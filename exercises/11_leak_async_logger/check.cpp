// Checks for 11_leak_async_logger. The learner does not edit this file.
//
// ThreadSanitizer says nothing about a thread that is still running or was detached, so
// these checks look for a leaked worker themselves:
// - DestructorWaitsForTheWorker holds the worker inside the sink while ~AsyncLogger() runs.
//   A destructor that joins cannot return before the sink does; a destructor that lets the
//   worker go (detach, a sleep, ...) returns while the worker is provably still inside the
//   sink. No luck involved either way. Holding the worker also keeps it running when a
//   joinable std::thread is destroyed, so that mistake ends in std::terminate every time.
// - NoThreadOutlivesTheLogger counts the process's threads before and after the loggers'
//   lifetimes.
#include <async_logger.h>
#include <threadlings/check.h>

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
  if (const std::string problem = delivery_problem(probe->received(), kMessages); !problem.empty())
    ADD_FAILURE() << problem;
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
