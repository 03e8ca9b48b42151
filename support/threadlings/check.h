// Helpers for exercise checks (the GoogleTest files a learner does not edit).
//
// A check reports what the grader cannot see from the outside (a starving writer, a thread
// still alive after its owner died, a stalled progress counter) through tl::report(), which
// appends one JSON line to the file named by $THREADLINGS_RESULT and fails the current test.
// The grader turns that record into the verdict. Everything else is plain GoogleTest: a
// failed EXPECT/ASSERT is the verdict wrong-result.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace tl {

/// Appends a verdict record {verdict, message, file, line} for the grader. Safe to call
/// from any thread; does not fail the test by itself (see TL_REPORT).
void write_record(const char* verdict, const std::string& message, const char* file, int line);

/// Reports `verdict` with `message` at the caller's location and fails the current test.
#define TL_REPORT(verdict, message)                                 \
  do {                                                              \
    ::tl::write_record((verdict), (message), __FILE__, __LINE__);   \
    ADD_FAILURE() << "[" << (verdict) << "] " << (message);         \
  } while (0)

/// The run's perturbation seed: $THREADLINGS_SEED if set, else drawn from the clock.
/// Printed once at start-up so that a failing run can be repeated.
std::uint64_t seed();

/// Perturbs the schedule a little: a yield or a sleep of 0-20 microseconds, drawn from a
/// per-thread generator seeded from seed(), a global counter and the CPU timestamp.
void jitter();

/// Lets racing threads start together: they call wait(), the test calls open().
class StartGate {
 public:
  /// Blocks (spinning with yields) until open() was called.
  void wait() const;
  /// Releases every waiting thread.
  void open();

 private:
  std::atomic<bool> open_{false};
};

/// Number of threads of this process, counted in /proc/self/task.
int live_threads();

/// Starts and joins one thread so that helper threads of the runtime (TSan starts one on
/// the first thread creation) exist before a baseline is taken; returns live_threads().
int thread_baseline();

/// Waits up to `grace` for live_threads() to drop to `baseline`; returns the last count.
int wait_for_threads(int baseline, std::chrono::milliseconds grace);

/// Reports thread-leak unless the thread count is back to `baseline` within `grace`.
#define TL_EXPECT_NO_THREAD_LEAK(baseline, what, grace)                                  \
  do {                                                                                   \
    const int tl_left_ = ::tl::wait_for_threads((baseline), (grace)) - (baseline);        \
    if (tl_left_ > 0)                                                                    \
      TL_REPORT("thread-leak", std::to_string(tl_left_) + " thread(s) still running " +  \
                                   std::string(what) + " (waited " +                     \
                                   std::to_string((grace).count()) + " ms)");            \
  } while (0)

/// Reports starvation if `waited` exceeds `bound`, naming who waited.
#define TL_EXPECT_WAIT_WITHIN(waited, bound, who)                                         \
  do {                                                                                   \
    const auto tl_w_ = std::chrono::duration_cast<std::chrono::microseconds>(waited);    \
    const auto tl_b_ = std::chrono::duration_cast<std::chrono::microseconds>(bound);     \
    if (tl_w_ > tl_b_)                                                                   \
      TL_REPORT("starvation", std::string(who) + " waited " + ::tl::format_ms(tl_w_) +   \
                                  ", bound " + ::tl::format_ms(tl_b_));                  \
  } while (0)

/// "812 ms" / "1.8 s" / "0.4 ms", for messages.
std::string format_ms(std::chrono::microseconds d);

/// Watches a progress counter from a background thread. If the counter does not move for
/// `stall` while the watch is alive, it writes a livelock record naming `what` and ends the
/// process with exit code 78 (the stalled threads could not be stopped otherwise).
class ProgressWatch {
 public:
  ProgressWatch(const std::atomic<long>& counter, std::chrono::milliseconds stall,
                std::string what);
  ~ProgressWatch();
  ProgressWatch(const ProgressWatch&) = delete;
  ProgressWatch& operator=(const ProgressWatch&) = delete;

 private:
  struct Impl;
  Impl* impl_;
};

/// A seam at the moment a thread lets go of the last mutex it holds (std::mutex and anything
/// built on pthread mutexes, in the code the check is built from): `hook` runs in that thread
/// right after the unlock, e.g. to audit shared state that must be consistent whenever nobody
/// holds a lock. Locks the hook takes do not call it again. nullptr removes it. Install it
/// before the threads start and remove it after they are joined.
void on_last_unlock(void (*hook)());

/// Exit codes the check main and helpers use, read by the grader.
inline constexpr int kExitTerminate = 77;  ///< std::terminate (escaped exception, joinable thread destroyed)
inline constexpr int kExitLivelock = 78;   ///< ProgressWatch saw the counter stall

}  // namespace tl
