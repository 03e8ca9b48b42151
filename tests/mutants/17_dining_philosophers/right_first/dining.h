// Mutant (wrong fix): everyone picks up the right fork first.
// Tempting: it is a different order, and "lock in a consistent order" is the rule.
// Wrong: it is the same order for every seat, and around a round table "my right, then my
// left" still makes a cycle, only in the other direction (0 waits for 4, 4 for 3, ...).
// A consistent order has to be global: by fork number, not by "left" and "right".
// Expected verdict: lock-order-inversion.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
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
  std::lock_guard hold_right(right.m);
  std::lock_guard hold_left(left.m);
  ++left.meals;
  ++right.meals;
  eat();
}
