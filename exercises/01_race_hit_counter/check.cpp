// Checks for 01_race_hit_counter. Built with ThreadSanitizer: an unguarded access that
// overlaps another thread's write is reported as a data race even when no count was lost.
#include <hit_counter.h>
#include <threadlings/check.h>

#include <array>
#include <cstddef>
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

/// A fresh counter on the heap, with every known path hit once by this thread, so that the
/// racing updates of ConcurrentHitsAreAllCounted change existing counts only. Racing
/// insertions come later (ReadsWhileCountingAreSafe): ThreadSanitizer stops the process at
/// the first unordered access, before a tree could be corrupted.
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

constexpr int kSharedNewPaths = 48;  // hit by every writer, each starting at another one
constexpr int kOwnNewPaths = 16;     // hit by one writer only

std::string shared_path(int round, int k) {
  return "/new/" + std::to_string(round) + "/" + std::to_string(k);
}

std::string own_path(int round, int writer, int k) {
  return "/own/" + std::to_string(round) + "/" + std::to_string(writer) + "/" +
         std::to_string(k);
}

/// Hits paths that do not exist yet: the shared ones in an order of its own, so that the
/// writers keep adding keys to the map at the same time and often the same key.
void hit_new_paths(HitCounter& counter, const std::vector<std::string>& paths) {
  for (std::size_t i = 0; i < paths.size(); ++i) {
    counter.hit(paths[i]);
    if (i % 16 == 0) tl::jitter();
  }
}

/// The paths writer `w` hits in round `round`: every shared one (from its own start), and
/// its own paths in between.
std::vector<std::string> new_paths_of(int round, int w) {
  std::vector<std::string> paths;
  for (int i = 0; i < kSharedNewPaths; ++i) {
    paths.push_back(shared_path(round, (i + w * kSharedNewPaths / kWriters) % kSharedNewPaths));
    if (i % 3 == 0 && i / 3 < kOwnNewPaths) paths.push_back(own_path(round, w, i / 3));
  }
  return paths;
}

/// Looks up shared paths while they are being added: counts may only grow.
void read_new_paths(const HitCounter& counter, int round, bool& went_backwards) {
  std::array<long, kSharedNewPaths> last{};
  long last_total = 0;
  for (int pass = 0; pass < 4; ++pass) {
    for (int k = 0; k < kSharedNewPaths; ++k) {
      const long n = counter.hits(shared_path(round, k));
      const long total = counter.total();
      if (n < last[k] || total < last_total) went_backwards = true;
      last[k] = n;
      last_total = total;
    }
    tl::jitter();
  }
}

/// Reports the first new path whose count is not exact, and a wrong total.
void expect_new_paths_counted(const HitCounter& counter, int round) {
  for (int k = 0; k < kSharedNewPaths; ++k) {
    const long got = counter.hits(shared_path(round, k));
    if (got == kWriters) continue;
    ADD_FAILURE() << "hits(\"" << shared_path(round, k) << "\") is " << got << " after " << kWriters
                  << " threads each hit it once, all of them adding it to the map at about the same "
                     "time: a hit on a path seen for the first time was lost";
    return;
  }
  for (int w = 0; w < kWriters; ++w)
    for (int k = 0; k < kOwnNewPaths; ++k)
      if (counter.hits(own_path(round, w, k)) != 1) {
        ADD_FAILURE() << "hits(\"" << own_path(round, w, k) << "\") is "
                      << counter.hits(own_path(round, w, k))
                      << " after one hit, made while other threads added other new paths";
        return;
      }
  const long known = kWriters * kHitsPerWriter + static_cast<long>(kPaths.size());
  EXPECT_EQ(counter.total(), known + kWriters * (kSharedNewPaths + kOwnNewPaths))
      << "total() is not the number of hit() calls: hits were lost";
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

// Writers and readers at once. The writers first hit the known paths, then paths that do not
// exist yet, several writers adding the same new key at about the same time; the readers
// read both while that happens. Adding a key changes the tree, so it needs the same
// protection as an update, and so does every lookup.
TEST(HitCounter, ReadsWhileCountingAreSafe) {
  for (int round = 0; round < kRounds; ++round) {
    auto counter = warmed_up_counter();
    std::vector<std::vector<std::string>> new_paths;
    for (int w = 0; w < kWriters; ++w) new_paths.push_back(new_paths_of(round, w));
    tl::StartGate gate;
    std::array<bool, 2> went_backwards{false, false};
    std::vector<std::thread> threads;
    for (int t = 0; t < kWriters; ++t)
      threads.emplace_back([&counter, &gate, &paths = new_paths[t]] {
        hit_many(*counter, gate);
        hit_new_paths(*counter, paths);
      });
    for (auto& flag : went_backwards)
      threads.emplace_back([&counter, &gate, &flag, round] {
        read_many(*counter, gate, flag);
        read_new_paths(*counter, round, flag);
      });
    gate.open();
    for (auto& t : threads) t.join();
    for (bool flag : went_backwards)
      EXPECT_FALSE(flag) << "a reader saw a count, or the total, go down";
    expect_new_paths_counted(*counter, round);
    if (HasFailure()) return;
  }
}
