// Goal: five philosophers sit at a round table, with one fork between each pair of
// neighbours. To eat, a philosopher needs both forks next to them. As written, each picks up
// the fork on their left, then the one on their right. If all five pick up their left fork
// at the same moment, each then waits forever for a right fork that a neighbour holds. Make
// dinner unable to deadlock, while each philosopher still eats holding both forks.
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
  // Fix: never hold one fork while waiting for another.
  {
    std::lock_guard hold_left(left.m);
    ++left.meals;
  }
  {
    std::lock_guard hold_right(right.m);
    ++right.meals;
    eat();
  }
}
