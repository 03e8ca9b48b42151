// Checks for 25_polite_livelock.
//
// A livelock is not a data race and not a deadlock: the threads are busy, ThreadSanitizer
// sees nothing wrong, and the process never stops by itself. The check counts the jobs done,
// and tl::ProgressWatch ends the process with the verdict livelock when that count stops
// moving for kStall. The two arms move in lockstep (lockstep.h), so code that backs off and
// retries in the same way on both arms collides on every attempt, deterministically; code
// that takes the tools in one order never retries, and the jobs are done in milliseconds.
//
// Code that stops backing off but keeps the opposite orders deadlocks instead: both arms
// block, and they stop calling meet() too. BlockedWatch tells the two apart: when neither the
// jobs nor the meet() calls have moved for kQuiet (shorter than kStall), the arms are not
// retrying but blocked, and it ends the process with the verdict deadlock.
#include <workshop.h>
#include <threadlings/check.h>

#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kJobsPerArm = 10;
constexpr auto kStall = 500ms;  // no job finished for this long: the arms are livelocked
constexpr auto kQuiet = 300ms;  // no job AND no meet() for this long: the arms are blocked

/// Ends the process with the verdict deadlock when neither `jobs` nor the arms' meet() calls
/// have moved for kQuiet (see the top of the file).
class BlockedWatch {
 public:
  BlockedWatch(const std::atomic<long>& jobs, const Lockstep& lockstep)
      : jobs_(jobs), lockstep_(lockstep), thread_([this] { run(); }) {}

  ~BlockedWatch() {
    {
      std::scoped_lock lock(m_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  void run() {
    std::unique_lock lock(m_);
    long jobs = jobs_.load(), meets = lockstep_.meets();
    auto last_move = Clock::now();
    while (!cv_.wait_for(lock, 10ms, [&] { return done_; })) {
      const long j = jobs_.load(), m = lockstep_.meets();
      if (j != jobs || m != meets) {
        jobs = j;
        meets = m;
        last_move = Clock::now();
      } else if (Clock::now() - last_move > kQuiet) {
        tl::write_record("deadlock",
                         "both arms are blocked: for " + tl::format_ms(kQuiet) + " no job was " +
                             "finished and no arm moved. Each arm holds its near tool and waits " +
                             "for the far one, which the other arm holds: the deadlock that the " +
                             "polite retry was meant to avoid. Take the tools in the same order " +
                             "in both arms.",
                         __FILE__, __LINE__);
        std::fprintf(stderr, "threadlings-check: deadlock: both arms are blocked\n");
        std::fflush(stderr);
        syscall(SYS_exit_group, 79);  // the blocked arms cannot be stopped otherwise
      }
    }
  }

  const std::atomic<long>& jobs_;
  const Lockstep& lockstep_;
  std::mutex m_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;  // last: starts once the members above exist
};

}  // namespace

// Both arms do all their jobs, and never at the same time (a job needs both tools).
TEST(Workshop, BothArmsFinishTheirJobs) {
  auto lockstep = std::make_unique<Lockstep>();
  auto shop = std::make_unique<Workshop>(*lockstep);
  std::atomic<long> jobs_done{0};
  std::atomic<int> working{0};
  std::atomic<bool> overlapped{false};
  auto job = [&] {
    if (working.fetch_add(1) != 0) overlapped = true;
    std::this_thread::sleep_for(100us);
    working.fetch_sub(1);
    jobs_done.fetch_add(1);
  };
  {
    tl::ProgressWatch watch(jobs_done, kStall,
                            "the two arms finished no job: each kept taking its near tool, "
                            "finding the far one taken and putting its own down again, in step "
                            "with the other (jobs done)");
    BlockedWatch blocked(jobs_done, *lockstep);
    tl::StartGate gate;
    auto arm = [&](int id) {
      gate.wait();
      for (int j = 0; j < kJobsPerArm; ++j) shop->do_job(id, job);
    };
    std::thread arm0(arm, 0), arm1(arm, 1);
    gate.open();
    arm0.join();
    arm1.join();
  }
  EXPECT_FALSE(overlapped) << "both arms worked at the same time: a job must hold both tools";
  EXPECT_EQ(jobs_done.load(), 2L * kJobsPerArm) << "every job must be done exactly once";
}
