// Checks for 10_lost_wakeup. The learner does not edit this file.
//
// A lost wakeup is not a data race, so ThreadSanitizer cannot see it, and a stress test finds
// it only when the notifier happens to run in the waiter's short window. These checks force
// the order instead:
// - SetBeforeWait runs set() to completion in one thread, joins it, and only then calls
//   wait() in another. An event that keeps no state has nothing to find: wait() sleeps
//   forever, every run, and the grader's watchdog reports a deadlock.
// - WaitBlocksUntilSet calls wait() while nobody will call set() for 500 ms: wait() must not
//   return in that time (a wait_for() that gives up would).
// - SetWhileWaiting lets set() and wait() meet in many orders, behind a start gate.
#include <one_shot_event.h>
#include <threadlings/check.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr auto kQuietPeriod = 500ms;  // nobody calls set() for this long in WaitBlocksUntilSet
constexpr int kRounds = 20;

long ms_since(Clock::time_point start) {
  return static_cast<long>(
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count());
}

}  // namespace

// The loader finishes before anyone waits: its set() comes first, by construction.
TEST(OneShotEvent, SetBeforeWait) {
  auto event = std::make_unique<OneShotEvent>();
  std::thread loader([&] { event->set(); });
  loader.join();  // set() has returned: the event happened before anyone waited
  std::printf("threadlings-check: the loader called set() and finished; now a thread calls "
              "wait(), which must return at once (if this hangs, the event forgot it was set)\n");
  std::fflush(stdout);
  std::atomic<bool> returned{false};
  std::thread waiter([&] {
    event->wait();
    returned = true;
  });
  waiter.join();
  EXPECT_TRUE(returned);
}

// Nobody calls set() for kQuietPeriod: wait() must still be waiting when it ends.
TEST(OneShotEvent, WaitBlocksUntilSet) {
  auto event = std::make_unique<OneShotEvent>();
  std::atomic<bool> returned{false};
  const auto start = Clock::now();
  std::thread waiter([&] {
    event->wait();
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
    TL_REPORT("wrong-result", "wait() returned after " + std::to_string(returned_after_ms) +
                                  " ms although nobody had called set(): a wait that gives up "
                                  "after a timeout reports an event that never happened");
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
