// Checks for 17_dining_philosophers. The learner does not edit this file.
//
// ThreadSanitizer's deadlock detector keeps a graph of lock orders: an edge a -> b each time
// a thread takes b while holding a. A cycle in that graph is a deadlock that can happen,
// and it is reported even in a run that never hung. PhilosophersTakeTurns lets the five
// philosophers eat one after another, each on its own thread, so the run itself can never
// hang; but "left, then right" adds the edges 0->1, 1->2, 2->3, 3->4 and, at the last seat,
// 4->0, which closes a cycle of five forks. (Measured: both compilers' detectors report a
// 5-cycle every time; cycles longer than about 20 locks are not reported.)
#include <dining.h>
#include <threadlings/check.h>

#include <array>
#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr int kSeats = 5;

/// Watches the forks while philosophers eat: each fork must be in one philosopher's hands
/// at a time. A philosopher marks both forks when eat() starts and unmarks them at its end.
class ForkWatch {
 public:
  ForkWatch() {
    for (auto& f : in_use_) f.store(-1);
  }

  /// Called from eat() by the philosopher at `seat`.
  void eating(int seat) {
    const int forks[2] = {seat, (seat + 1) % kSeats};
    for (int f : forks) {
      const int other = in_use_[f].exchange(seat);
      if (other != -1) shared_.store(f * 100 + other);  // remember one clash for the message
    }
    meals_[seat].fetch_add(1, std::memory_order_relaxed);
    for (int f : forks) in_use_[f].store(-1);
  }

  /// "" or a description of a fork that two philosophers ate with at once.
  std::string clash() const {
    const int c = shared_.load();
    if (c < 0) return "";
    return "fork " + std::to_string(c / 100) + " was in the hands of philosopher " +
           std::to_string(c % 100) + " and of a neighbour at the same time";
  }

  long meals(int seat) const { return meals_[seat].load(); }

 private:
  std::array<std::atomic<int>, kSeats> in_use_;  // who holds each fork, -1 for nobody
  std::array<std::atomic<long>, kSeats> meals_{};
  std::atomic<int> shared_{-1};
};

}  // namespace

// The philosophers eat one at a time, each on a thread of its own that is joined before the
// next one sits down: nothing can hang, yet the lock orders are recorded.
TEST(Dinner, PhilosophersTakeTurns) {
  auto table = std::make_unique<Table>(kSeats);
  auto watch = std::make_unique<ForkWatch>();
  for (int seat = 0; seat < kSeats; ++seat)
    std::thread([&, seat] { dine(*table, seat, [&] { watch->eating(seat); }); }).join();

  for (int seat = 0; seat < kSeats; ++seat)
    if (watch->meals(seat) != 1)
      ADD_FAILURE() << "philosopher " << seat << " ate " << watch->meals(seat)
                    << " times; expected once";
  for (int f = 0; f < kSeats; ++f)
    if (table->left_of(f).meals != 2)
      ADD_FAILURE() << "fork " << f << " was used for " << table->left_of(f).meals
                    << " meals; expected 2 (one by each neighbour)";
}

// All five dine at once, many times. Dinner must end, everyone must eat every time, and a
// fork must never be used by two philosophers at once.
TEST(Dinner, EveryoneEatsAndNoForkIsShared) {
  constexpr int kMeals = 300;
  auto table = std::make_unique<Table>(kSeats);
  auto watch = std::make_unique<ForkWatch>();
  tl::StartGate gate;
  std::vector<std::thread> philosophers;
  for (int seat = 0; seat < kSeats; ++seat)
    philosophers.emplace_back([&, seat] {
      gate.wait();
      for (int i = 0; i < kMeals; ++i) {
        dine(*table, seat, [&] { watch->eating(seat); });
        if (i % 32 == 0) tl::jitter();
      }
    });
  gate.open();
  for (auto& p : philosophers) p.join();

  if (const std::string clash = watch->clash(); !clash.empty()) ADD_FAILURE() << clash;
  for (int seat = 0; seat < kSeats; ++seat)
    if (watch->meals(seat) != kMeals)
      ADD_FAILURE() << "philosopher " << seat << " ate " << watch->meals(seat)
                    << " times; expected " << kMeals;
  for (int f = 0; f < kSeats; ++f)
    if (table->left_of(f).meals != 2 * kMeals)
      ADD_FAILURE() << "fork " << f << " counted " << table->left_of(f).meals
                    << " meals; expected " << 2 * kMeals
                    << " (was a fork's count changed without holding its mutex?)";
}
