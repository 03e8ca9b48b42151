// Checks for 31_event_loop_blocking_task.
//
// Everything runs on the test's thread, on one EventLoop: ThreadSanitizer has nothing to see.
// The check measures the latency of a heartbeat callback that re-queues itself every
// kBeatEvery, while the job hashes kBlocks blocks of about 1 ms each (measured on the clock,
// so a block never takes less). Latency in milliseconds depends on the machine: a loaded
// machine preempts the loop's thread, and a correct job then sees gaps of tens of ms. So
// the verdict counts work instead: how many blocks were hashed between two beats.
//
//   one block per callback: the due heartbeat runs right after the block in progress; at
//     most kBeatEvery / 1 ms + 2 = 7 blocks between two beats, however loaded the machine
//   all blocks in one callback: all kBlocks (200) blocks between two beats
//   bound: kMaxBlocksBetweenBeats (30)
#include <checksum_job.h>
#include <threadlings/check.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kBlocks = 200;
constexpr auto kBeatEvery = 5ms;                // the heartbeat's period
constexpr long kMaxBlocksBetweenBeats = 30;  // the most blocks a beat may wait behind
constexpr auto kGiveUp = 5s;  // the heartbeat stops the loop if the job is not done by then

long value_of(int block) { return static_cast<long>((block * 2654435761ULL) % 1000003ULL); }

long blocks_hashed = 0;  // all on the loop's thread

/// Hashes one block: about 1 ms of CPU, never less (it runs until the clock says so).
long hash_block(int block) {
  ++blocks_hashed;
  const auto until = Clock::now() + 1ms;
  std::uint64_t x = static_cast<std::uint64_t>(block) + 1;
  while (Clock::now() < until) x = x * 6364136223846793005ULL + 1442695040888963407ULL;
  return value_of(block) + static_cast<long>(x & 0);
}

long expected_sum() {
  long sum = 0;
  for (int b = 0; b < kBlocks; ++b) sum += value_of(b);
  return sum;
}

/// Re-queues itself every kBeatEvery and records the longest gap between two beats, in time
/// and in blocks hashed.
class Heartbeat {
 public:
  explicit Heartbeat(EventLoop& loop) : loop_(loop) {}

  void beat() {
    const auto now = Clock::now();
    note_gap(now);
    if (now - started_ > kGiveUp) {
      gave_up_ = true;
      loop_.stop();
      return;
    }
    loop_.post_after(kBeatEvery, [this] { beat(); });
  }

  /// Records the gap from the last beat until `now` (at the end, the wait of a beat not yet run).
  void note_gap(Clock::time_point now) {
    if (beats_++ > 0) {
      longest_ = std::max(longest_, now - last_);
      most_blocks_ = std::max(most_blocks_, blocks_hashed - blocks_at_last_);
    }
    last_ = now;
    blocks_at_last_ = blocks_hashed;
  }

  std::chrono::microseconds longest() const {
    return std::chrono::duration_cast<std::chrono::microseconds>(longest_);
  }
  long most_blocks() const { return most_blocks_; }
  bool gave_up() const { return gave_up_; }

 private:
  EventLoop& loop_;
  const Clock::time_point started_ = Clock::now();
  Clock::time_point last_;
  Clock::duration longest_{};
  long blocks_at_last_ = 0;
  long most_blocks_ = 0;  ///< the most blocks hashed between two beats
  int beats_ = 0;
  bool gave_up_ = false;
};

}  // namespace

// While the job runs, the heartbeat must keep beating: never behind more than
// kMaxBlocksBetweenBeats blocks.
TEST(ChecksumJob, HeartbeatKeepsBeating) {
  auto loop = std::make_unique<EventLoop>();
  auto heartbeat = std::make_unique<Heartbeat>(*loop);
  bool finished = false;
  long sum = 0;
  loop->post([&] { heartbeat->beat(); });
  auto job = ChecksumJob::create(*loop, kBlocks, hash_block, [&](long s) {
    heartbeat->note_gap(Clock::now());  // the heartbeat waited until now at least
    finished = true;
    sum = s;
    loop->stop();
  });
  job->start();
  job.reset();  // the loop keeps the job alive as long as it has a step queued
  const auto start = Clock::now();
  loop->run();
  const auto took = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
  std::printf("threadlings-check: job took %s; the heartbeat's longest gap: %s, %ld block(s) "
              "hashed in between (at most %ld allowed)\n",
              tl::format_ms(took).c_str(), tl::format_ms(heartbeat->longest()).c_str(),
              heartbeat->most_blocks(), kMaxBlocksBetweenBeats);
  if (!finished) {
    TL_REPORT("wrong-result", "the job never called done() (the check gave up after " +
                                  tl::format_ms(std::chrono::duration_cast<std::chrono::microseconds>(kGiveUp)) +
                                  ")");
    return;
  }
  if (heartbeat->most_blocks() > kMaxBlocksBetweenBeats)
    TL_REPORT("starvation",
              "the heartbeat, due every " + tl::format_ms(kBeatEvery) + ", waited " +
                  tl::format_ms(heartbeat->longest()) + " between two beats, behind " +
                  std::to_string(heartbeat->most_blocks()) + " blocks hashed without a break " +
                  "(at most " + std::to_string(kMaxBlocksBetweenBeats) + " are acceptable): " +
                  "the job kept the loop's only thread all that time. Nothing else on an event " +
                  "loop runs until the callback in progress returns: hash one block per " +
                  "callback and queue the next step.");
  EXPECT_EQ(sum, expected_sum()) << "the sum of the block hashes is wrong";
}
