// Checks for 14_unlock_not_owner. The learner does not edit this file.
//
// Unlocking a mutex from a thread that does not hold it "works" on Linux most of the time, and
// is undefined behaviour all the same. ThreadSanitizer tracks which thread holds each mutex and
// reports such an unlock every time it happens, so no luck is needed here: the check only has
// to call set() from another thread than the one that created the flag. Payload written before
// set() and read after wait() also shows whether wait() really synchronises with set().
// The other rules are forced, not hoped for:
// - EveryWaiterPasses starts kWaiters waiters and calls set() only once every one of them is
//   asleep (read from /proc), so a set() that wakes only one waiter leaves the others blocked;
//   then kLateWaits more wait() calls come after set(): a set() that hands out a fixed number
//   of tokens (release(16)) runs out.
// - LoaderSetsWorkerWaits first catches the lost wakeup: when the waiter is about to
//   block in pthread_cond_wait (still holding its mutex, its flag just read as false), the
//   check runs set() on the loader thread and waits for it (at most kSetWait). A set() that
//   changes the flag under that mutex has to wait for the waiter to block first, and its
//   notify wakes it; a set() that does not take the mutex stores and notifies at once, before
//   anybody waits, and the waiter then sleeps forever.
#include <ready_flag.h>
#include <threadlings/check.h>

#include <pthread.h>
#include <sys/types.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

// The hook the check runs in the next thread that calls pthread_cond_wait (std::condition_variable
// waits through it); nullptr when none. Defined here, this pthread_cond_wait takes the place of
// ThreadSanitizer's (a weak symbol), and then calls it.
std::atomic<void (*)()> cond_wait_hook{nullptr};

extern "C" int __interceptor_pthread_cond_wait(pthread_cond_t* cond, pthread_mutex_t* mutex);
extern "C" int pthread_cond_wait(pthread_cond_t* cond, pthread_mutex_t* mutex) {
  if (auto hook = cond_wait_hook.exchange(nullptr)) hook();
  return __interceptor_pthread_cond_wait(cond, mutex);
}

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr int kRounds = 5;
constexpr int kWaiters = 8;
constexpr int kLateWaits = 2000;
constexpr auto kSetWait = 100ms;  // how long the hook waits for set() to return
constexpr auto kAsleepWait = 2000ms;

/// Whether the thread `tid` of this process is asleep (blocked), from /proc.
bool asleep(pid_t tid) {
  std::ifstream stat("/proc/self/task/" + std::to_string(tid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return true;
  const auto paren = line.rfind(')');
  return paren != std::string::npos && paren + 2 < line.size() && line[paren + 2] != 'R';
}

/// Waits (at most kAsleepWait) until every thread of `tids` is asleep.
void wait_until_asleep(const std::vector<std::atomic<pid_t>>& tids) {
  const auto until = Clock::now() + kAsleepWait;
  for (const auto& tid : tids)
    while ((tid.load() == 0 || !asleep(tid.load())) && Clock::now() < until)
      std::this_thread::sleep_for(200us);
  std::this_thread::sleep_for(1ms);
}

/// What the loader prepares before set(); read by the waiters after wait().
struct Config {
  std::string name;
  int port = 0;
};

/// The loader: fills the config, then signals.
void load(Config& config, ReadyFlag& flag, const tl::StartGate& gate) {
  gate.wait();
  tl::jitter();
  config.name = "prices";
  config.port = 8080;
  flag.set();
}

/// A worker: waits for the signal, then reads the config; says whether it was complete.
bool saw_loaded_config(const Config& config, ReadyFlag& flag) {
  flag.wait();
  return config.name == "prices" && config.port == 8080;
}

/// Round 0 of LoaderSetsWorkerWaits: the worker is about to block inside wait() (in
/// pthread_cond_wait, its flag just read as "not ready") when the loader calls set(); a flag
/// that does not wait on a condition variable gets set() once the worker is asleep. Returns
/// whether the worker saw the config loaded.
bool set_while_worker_blocks() {
  static std::atomic<bool> go{false};
  static std::atomic<bool> set_returned{false};
  auto flag = std::make_unique<ReadyFlag>();
  auto config = std::make_unique<Config>();
  std::vector<std::atomic<pid_t>> tid(1);
  bool complete = false;
  // Relaxed on purpose: the hook must not order the two threads for ThreadSanitizer, so that
  // a flag written without the lock is still reported as the data race it is.
  go.store(false, std::memory_order_relaxed);
  set_returned.store(false, std::memory_order_relaxed);
  cond_wait_hook.store([] {
    go.store(true, std::memory_order_relaxed);
    const auto until = Clock::now() + kSetWait;
    while (!set_returned.load(std::memory_order_relaxed) && Clock::now() < until)
      std::this_thread::sleep_for(100us);
  });
  std::thread worker([&] {
    tid[0].store(gettid());
    complete = saw_loaded_config(*config, *flag);
  });
  std::thread loader([&] {
    const auto until = Clock::now() + kAsleepWait;
    while (!go.load(std::memory_order_relaxed) &&
           (tid[0].load() == 0 || !asleep(tid[0].load())) && Clock::now() < until)
      std::this_thread::sleep_for(200us);
    config->name = "prices";
    config->port = 8080;
    flag->set();
    set_returned.store(true, std::memory_order_relaxed);
  });
  loader.join();
  std::printf("threadlings-check: set() was called while the worker was about to block in "
              "wait() (if this hangs, the worker missed the wakeup: a flag read under a mutex "
              "must also be changed under that mutex)\n");
  std::fflush(stdout);
  worker.join();
  cond_wait_hook.store(nullptr);
  return complete;
}

/// Later rounds: the worker and the loader start together, with seeded jitter.
bool set_while_worker_arrives() {
  auto flag = std::make_unique<ReadyFlag>();
  auto config = std::make_unique<Config>();
  tl::StartGate gate;
  bool complete = false;
  std::thread worker([&] {
    gate.wait();
    tl::jitter();
    complete = saw_loaded_config(*config, *flag);
  });
  std::thread loader(load, std::ref(*config), std::ref(*flag), std::cref(gate));
  gate.open();
  loader.join();
  worker.join();
  return complete;
}

}  // namespace

// The main thread creates the flag, the loader thread sets it, a worker thread waits on it:
// first while the worker is about to block, then at random moments.
TEST(ReadyFlag, LoaderSetsWorkerWaits) {
  for (int round = 0; round < kRounds; ++round) {
    const bool complete = round == 0 ? set_while_worker_blocks() : set_while_worker_arrives();
    if (!complete) {
      TL_REPORT("wrong-result", "a worker returned from wait() and found the config not loaded "
                                "yet: wait() must not return before set()");
      return;
    }
  }
}

// kWaiters workers are all asleep in wait() when set() is called: every one must pass. Then
// kLateWaits more wait() calls after set() must each return at once, with the config loaded.
TEST(ReadyFlag, EveryWaiterPasses) {
  auto flag = std::make_unique<ReadyFlag>();
  auto config = std::make_unique<Config>();
  std::vector<std::atomic<pid_t>> tids(kWaiters);
  std::vector<char> complete(kWaiters, 0);
  std::vector<std::thread> workers;
  for (int i = 0; i < kWaiters; ++i)
    workers.emplace_back([&, i] {
      tids[i].store(gettid());
      complete[i] = saw_loaded_config(*config, *flag);
    });
  std::thread loader([&] {
    wait_until_asleep(tids);
    config->name = "prices";
    config->port = 8080;
    flag->set();
  });
  loader.join();
  std::printf("threadlings-check: set() was called while %d workers waited (if this hangs, "
              "set() did not wake them all)\n", kWaiters);
  std::fflush(stdout);
  for (auto& w : workers) w.join();
  for (int i = 0; i < kWaiters; ++i)
    if (!complete[i]) {
      TL_REPORT("wrong-result", "a worker returned from wait() and found the config not loaded "
                                "yet: wait() must not return before set()");
      return;
    }
  std::printf("threadlings-check: %d more wait() calls after set() (if this hangs, wait() "
              "used up what set() gave: any number of waiters must pass)\n", kLateWaits);
  std::fflush(stdout);
  bool late_complete = true;
  std::thread late_worker([&] {
    for (int i = 0; i < kLateWaits && late_complete; ++i)
      late_complete = saw_loaded_config(*config, *flag);
  });
  late_worker.join();
  if (!late_complete)
    TL_REPORT("wrong-result", "a wait() after set() returned with the config not loaded");
}
