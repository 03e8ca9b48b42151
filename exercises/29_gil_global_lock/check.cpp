// Checks for 29_gil_global_lock.
//
// Timing is a poor judge on a shared 2-core machine, so the check counts instead: the score()
// it hands to BatchScorer counts how many workers are inside it at the same moment, and the
// peak must reach the number of workers. So that a correct fix reaches it however the threads
// are scheduled (and however few cores there are), each call waits until every worker is
// inside, or until kGather has passed since the first call began. A worker that holds a
// global lock while it computes keeps all the others out: the first call waits the whole
// kGather alone, and the peak stays at 1.
//
//   lock only around the merge: every worker is inside within a few ms; peak = workers
//   lock around the computation: peak 1, after kGather (800 ms)
#include <batch_scorer.h>
#include <threadlings/check.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

constexpr auto kGather = 800ms;  // how long the first score() call waits for the others

/// The CPU-heavy part: a deterministic hash of the chunk number, a fraction of a millisecond.
long crunch(int chunk) {
  std::uint64_t x = static_cast<std::uint64_t>(chunk) * 0x9E3779B97F4A7C15ULL + 1;
  for (int i = 0; i < 100000; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
  }
  return static_cast<long>(x % 1000);
}

long expected_sum(int chunks) {
  long sum = 0;
  for (int c = 0; c < chunks; ++c) sum += crunch(c);
  return sum;
}

/// score() for the check: counts the workers inside it at once, and holds each call until
/// every worker is inside (or kGather after the first call began), then computes.
class OverlapProbe {
 public:
  explicit OverlapProbe(int workers) : workers_(workers) {}

  long score(int chunk) {
    enter();
    const long s = crunch(chunk);
    std::scoped_lock lock(m_);
    --inside_;
    return s;
  }

  int peak() {
    std::scoped_lock lock(m_);
    return peak_;
  }

 private:
  void enter() {
    std::unique_lock lock(m_);
    if (calls_++ == 0) gather_until_ = Clock::now() + kGather;
    peak_ = std::max(peak_, ++inside_);
    cv_.notify_all();
    cv_.wait_until(lock, gather_until_, [&] { return peak_ >= workers_; });
  }

  const int workers_;
  std::mutex m_;  // the probe's own bookkeeping, not the learner's lock
  std::condition_variable cv_;
  int calls_ = 0;
  int inside_ = 0;
  int peak_ = 0;
  Clock::time_point gather_until_;
};

}  // namespace

// Many workers, many chunks: the total must be exact (and ThreadSanitizer watches the merge).
TEST(BatchScorer, SumIsExact) {
  constexpr int kThreads = 8;
  constexpr int kChunks = 64;
  const long want = expected_sum(kChunks);
  for (int round = 0; round < 3; ++round) {
    auto scorer = std::make_unique<BatchScorer>(crunch);
    const long got = scorer->run(kChunks, kThreads);
    ASSERT_EQ(got, want) << "the sum of the scores is wrong: an addition to the total was lost "
                            "or counted twice";
  }
}

// Four workers must compute at the same time: the peak of workers inside score() must be 4.
TEST(BatchScorer, WorkersComputeAtOnce) {
  constexpr int kThreads = 4;
  constexpr int kChunks = 2 * kThreads;
  auto probe = std::make_unique<OverlapProbe>(kThreads);
  auto scorer = std::make_unique<BatchScorer>([&probe](int chunk) { return probe->score(chunk); });
  const auto start = Clock::now();
  const long got = scorer->run(kChunks, kThreads);
  const auto took = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
  const int peak = probe->peak();
  std::printf("threadlings-check: peak %d of %d workers computing at once (run took %s)\n", peak,
              kThreads, tl::format_ms(took).c_str());
  EXPECT_EQ(got, expected_sum(kChunks)) << "the sum of the scores is wrong";
  if (peak == 1)
    TL_REPORT("wrong-result",
              "peak 1 of " + std::to_string(kThreads) + " workers computing at once; expected " +
                  std::to_string(kThreads) + ". Each worker held the global lock while it " +
                  "computed, so the others waited for their turn: " + std::to_string(kThreads) +
                  " threads did the work of one. Compute outside the lock and hold it only to " +
                  "add to the total.");
  else if (peak < kThreads)
    TL_REPORT("wrong-result",
              "peak " + std::to_string(peak) + " of " + std::to_string(kThreads) +
                  " workers computing at once; expected " + std::to_string(kThreads) +
                  ": some workers waited for a lock while they should have been computing");
}
