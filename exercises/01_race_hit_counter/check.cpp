// Checks for 01_race_hit_counter. Built with ThreadSanitizer: an unguarded access that
// overlaps another thread's write is reported as a data race even when no count was lost.
#include <hit_counter.h>
#include <threadlings/check.h>

#include <array>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr int kRounds = 3;            // a race scenario is repeated a few times
constexpr int kWriters = 4;
constexpr int kHitsPerWriter = 2000;
constexpr int kReads = 2000;
const std::array<std::string, 3> kPaths{"/", "/about", "/blog"};

/// A fresh counter on the heap, with every path hit once by this thread, so that the racing
/// threads only update existing counts: TSan reports that cleanly, where racing insertions
/// could corrupt the tree and crash before the report is written.
std::unique_ptr<HitCounter> warmed_up_counter() {
  auto counter = std::make_unique<HitCounter>();
  for (const auto& path : kPaths) counter->hit(path);
  return counter;
}

void hit_many(HitCounter& counter, const tl::StartGate& gate) {
  gate.wait();
  for (int i = 0; i < kHitsPerWriter; ++i) {
    counter.hit(kPaths[i % kPaths.size()]);
    if (i % 128 == 0) tl::jitter();
  }
}

/// Reads the counts while writers run. Counts only grow, so a later read can never be
/// smaller than an earlier one; a violation is remembered and asserted after the join.
void read_many(const HitCounter& counter, const tl::StartGate& gate, bool& went_backwards) {
  gate.wait();
  long last_total = 0;
  long last_home = 0;
  for (int i = 0; i < kReads; ++i) {
    const long total = counter.total();
    const long home = counter.hits("/");
    if (total < last_total || home < last_home) went_backwards = true;
    last_total = total;
    last_home = home;
    if (i % 128 == 0) tl::jitter();
  }
}

long expected_per_path(std::size_t path_index) {
  long n = 1;  // the warm-up hit
  for (int i = 0; i < kHitsPerWriter; ++i)
    if (i % kPaths.size() == path_index) n += kWriters;
  return n;
}

void expect_all_hits_counted(const HitCounter& counter) {
  EXPECT_EQ(counter.total(), kWriters * kHitsPerWriter + static_cast<long>(kPaths.size()))
      << "hits were lost: two threads read the same old total and both wrote old + 1";
  for (std::size_t p = 0; p < kPaths.size(); ++p)
    EXPECT_EQ(counter.hits(kPaths[p]), expected_per_path(p)) << "hits on " << kPaths[p];
}

}  // namespace

TEST(HitCounter, ConcurrentHitsAreAllCounted) {
  for (int round = 0; round < kRounds; ++round) {
    auto counter = warmed_up_counter();
    tl::StartGate gate;
    std::vector<std::thread> writers;
    for (int t = 0; t < kWriters; ++t)
      writers.emplace_back(hit_many, std::ref(*counter), std::cref(gate));
    gate.open();
    for (auto& t : writers) t.join();
    expect_all_hits_counted(*counter);
  }
}

TEST(HitCounter, ReadsWhileCountingAreSafe) {
  for (int round = 0; round < kRounds; ++round) {
    auto counter = warmed_up_counter();
    tl::StartGate gate;
    std::array<bool, 2> went_backwards{false, false};
    std::vector<std::thread> threads;
    for (int t = 0; t < kWriters; ++t)
      threads.emplace_back(hit_many, std::ref(*counter), std::cref(gate));
    for (auto& flag : went_backwards)
      threads.emplace_back(read_many, std::cref(*counter), std::cref(gate), std::ref(flag));
    gate.open();
    for (auto& t : threads) t.join();
    for (bool flag : went_backwards) EXPECT_FALSE(flag) << "a reader saw a count go down";
    expect_all_hits_counted(*counter);
  }
}
