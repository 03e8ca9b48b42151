// Mutant (wrong fix): the last philosopher pauses before reaching for the right fork.
// Tempting: the others usually finish in that moment, so the five rarely hold their left
// forks at the same time, and the hang is hard to reproduce.
// Wrong: the last philosopher still holds fork 4 while waiting for fork 0, so the waits still
// go round the table: the pause changes how often the cycle closes, not whether it can.
// Expected verdict: lock-order-inversion.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

/// One fork. A philosopher holds its mutex while eating with it.
struct Fork {
  explicit Fork(int id) : id(id) {}

  const int id;      ///< 0 .. seats-1, never changes
  std::mutex m;      ///< held by the philosopher eating with this fork
  long meals = 0;    ///< meals eaten with this fork; guarded by m
};

/// A round table. The philosopher at seat i has fork i on the left and fork (i + 1) % seats
/// on the right, so the last philosopher's right fork is fork 0.
class Table {
 public:
  explicit Table(int seats) {
    for (int i = 0; i < seats; ++i) forks_.push_back(std::make_unique<Fork>(i));
  }

  int seats() const { return static_cast<int>(forks_.size()); }
  Fork& left_of(int seat) { return *forks_[seat]; }
  Fork& right_of(int seat) { return *forks_[(seat + 1) % seats()]; }

 private:
  std::vector<std::unique_ptr<Fork>> forks_;
};

/// The philosopher at `seat` picks up both forks, eats (calls `eat`) and puts them down.
inline void dine(Table& table, int seat, const std::function<void()>& eat) {
  Fork& left = table.left_of(seat);
  Fork& right = table.right_of(seat);
  std::lock_guard hold_left(left.m);
  if (seat == table.seats() - 1)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));  // let the neighbours finish
  std::lock_guard hold_right(right.m);
  ++left.meals;
  ++right.meals;
  eat();
}
