// Checks for 24_unfair_lock_ticket. The learner does not edit this file.
//
// KeepsOthersOut: three threads update plain (non-atomic) data under the lock. A lock that
// lets two threads in at once, or that does not publish the holder's writes to the next
// holder (release/acquire), shows up as a data race or as a broken invariant.
//
// WaiterIsServedInTurn: starvation is about the order in which threads get in, and a plain
// stress test leaves that order to luck. So the check fixes the schedule. A "hog" thread
// takes the lock again and again, holding it for kHold each time; a "waiter" thread then
// calls lock() once. Both threads are pinned to the same CPU core, so they never run at the
// same moment: the waiter runs only when the hog is preempted, and that nearly always
// happens while the hog holds the lock (it is outside the lock for well under 1% of its
// time). The check counts how many times the hog gets the lock while the waiter waits:
//   - a first-come-first-served lock gives the lock to the waiter at the hog's next
//     unlock(): the hog's next lock() queues behind the waiter. 0 overtakes (measured: 0 in
//     every round, at most 1 in rare ones);
//   - a lock that lets anyone grab it after unlock() lets the hog, which is the one running,
//     take it straight back every time until its time slice ends: dozens of overtakes. The
//     hog stops after kGiveUp of them, so the waiter finally gets in and the round ends.
// The waiter also runs as SCHED_BATCH: when it is woken (a std::mutex waiter sleeps in the
// kernel), it does not preempt the hog at once. That keeps a sleeping lock honest too: a
// woken waiter must find the lock handed to it, not merely free for whoever runs first.
// A round passes by luck only if the hog happened to be preempted between unlock() and its
// next lock() (measured: about 1 round in 100 for the test_and_set lock, 1 in 20 for
// std::mutex). A fair lock fails a round only if the waiter is preempted between announcing
// itself and taking its place in the queue, a window of a few hundred nanoseconds. So the
// check runs kRounds rounds and reports starvation when kFailedRounds of them broke the bound.
#include <spin_lock.h>
#include <threadlings/check.h>

#include <sched.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr int kRounds = 6;
constexpr int kFailedRounds = 2;     // rounds over the bound that make the verdict
constexpr auto kHold = 50us;         // the hog's time in the lock, per acquisition
constexpr long kGiveUp = 50;         // the hog stops re-taking the lock after this many overtakes
constexpr long kBound = 3;           // overtakes a fair lock may allow (a FIFO lock: 0)
constexpr auto kRoundLimit = 2000ms; // safety net: the hog stops after this in any case

/// Pins the calling thread to `cpu`; returns "" or the error.
std::string pin_to(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  if (sched_setaffinity(0, sizeof set, &set) != 0) return std::strerror(errno);
  return "";
}

/// The first CPU this process may run on.
int first_cpu() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) return 0;
  for (int i = 0; i < CPU_SETSIZE; ++i)
    if (CPU_ISSET(i, &set)) return i;
  return 0;
}

void busy_for(std::chrono::microseconds d) {
  const auto until = Clock::now() + d;
  while (Clock::now() < until) {
  }
}

/// One round of WaiterIsServedInTurn: what the hog and the waiter saw.
struct Round {
  enum State { kNotYet, kWaiting, kServed };
  std::atomic<int> state{kNotYet};
  std::atomic<long> hog_acquisitions{0};
  std::atomic<long> overtakes{0};  // the hog's acquisitions while the waiter was waiting
  std::atomic<long> waited_us{0};
};

void run_hog(SpinLock& lock, Round& r, int cpu, std::string& pin_error) {
  pin_error = pin_to(cpu);
  const auto stop_at = Clock::now() + kRoundLimit;
  for (;;) {
    lock.lock();
    r.hog_acquisitions.fetch_add(1);
    if (r.state.load() == Round::kWaiting) r.overtakes.fetch_add(1);
    busy_for(kHold);
    lock.unlock();
    if (r.state.load() == Round::kServed || r.overtakes.load() >= kGiveUp || Clock::now() > stop_at)
      return;
  }
}

void run_waiter(SpinLock& lock, Round& r, int cpu, std::string& pin_error) {
  pin_error = pin_to(cpu);
  sched_param param{};
  sched_setscheduler(0, SCHED_BATCH, &param);  // best effort; see the top of the file
  while (r.hog_acquisitions.load() < 10) std::this_thread::yield();  // the hog is at it
  const auto start = Clock::now();
  r.state.store(Round::kWaiting);
  lock.lock();
  const auto waited = Clock::now() - start;
  r.waited_us.store(std::chrono::duration_cast<std::chrono::microseconds>(waited).count());
  r.state.store(Round::kServed);
  lock.unlock();
}

}  // namespace

// Three threads, each 300 times: lock, check that nobody else is inside, update two plain
// counters that must stay equal, unlock.
TEST(SpinLock, KeepsOthersOut) {
  constexpr int kThreads = 3;
  constexpr int kTimes = 300;
  auto lock = std::make_unique<SpinLock>();
  struct Shared {
    long a = 0, b = 0;  // guarded by the lock; always equal outside it
    std::atomic<int> inside{0};
    std::atomic<bool> two_inside{false}, torn{false};
  };
  auto shared = std::make_unique<Shared>();
  tl::StartGate gate;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      gate.wait();
      for (int i = 0; i < kTimes; ++i) {
        std::lock_guard guard(*lock);
        // relaxed: the check's own bookkeeping must not order the threads for
        // ThreadSanitizer, or it would hide a lock that does not order them itself
        if (shared->inside.fetch_add(1, std::memory_order_relaxed) != 0)
          shared->two_inside.store(true, std::memory_order_relaxed);
        if (shared->a != shared->b) shared->torn.store(true, std::memory_order_relaxed);
        ++shared->a;
        if (i % 32 == 0) tl::jitter();
        ++shared->b;
        shared->inside.fetch_sub(1, std::memory_order_relaxed);
      }
    });
  gate.open();
  for (auto& t : threads) t.join();
  if (shared->two_inside) ADD_FAILURE() << "two threads were inside the lock at the same time";
  if (shared->torn) ADD_FAILURE() << "a thread saw the guarded data half updated";
  if (shared->a != kThreads * kTimes)
    ADD_FAILURE() << "the guarded counter is " << shared->a << "; expected " << kThreads * kTimes
                  << ": updates made under the lock were lost";
}

// A thread that keeps re-taking the lock must not overtake a thread that is already waiting.
TEST(SpinLock, WaiterIsServedInTurn) {
  const int cpu = first_cpu();
  int failed = 0;
  long worst = -1;
  std::chrono::microseconds worst_wait{0};
  for (int round = 1; round <= kRounds && failed < kFailedRounds; ++round) {
    auto lock = std::make_unique<SpinLock>();
    auto r = std::make_unique<Round>();
    std::string hog_pin, waiter_pin;
    std::thread hog(run_hog, std::ref(*lock), std::ref(*r), cpu, std::ref(hog_pin));
    std::thread waiter(run_waiter, std::ref(*lock), std::ref(*r), cpu, std::ref(waiter_pin));
    hog.join();
    waiter.join();
    if (!hog_pin.empty() || !waiter_pin.empty()) {
      TL_REPORT("error", "the check could not pin its threads to CPU " + std::to_string(cpu) +
                             " (" + hog_pin + waiter_pin + "): not your fault");
      return;
    }
    const long overtakes = r->overtakes.load();
    const auto waited = std::chrono::microseconds(r->waited_us.load());
    std::printf("threadlings-check: round %d: while the waiter waited (%s), the hog took the "
                "lock %ld time(s)\n",
                round, tl::format_ms(waited).c_str(), overtakes);
    std::fflush(stdout);
    if (overtakes > kBound) ++failed;
    if (overtakes > worst) {
      worst = overtakes;
      worst_wait = waited;
    }
  }
  if (failed >= kFailedRounds)
    TL_REPORT("starvation",
              "a thread called lock() and then watched another thread take the lock " +
                  std::to_string(worst) + " times in a row" +
                  (worst >= kGiveUp ? " (the check stopped it there)" : "") +
                  " before getting in itself, after " + tl::format_ms(worst_wait) +
                  " (bound: " + std::to_string(kBound) + " overtakes; broken in " +
                  std::to_string(failed) + " rounds). After unlock() the lock must go to the "
                  "thread that has waited longest, not to whoever grabs it first");
}
