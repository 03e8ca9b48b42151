// Mutant (wrong fix): a waiter (one global mutex) must be asked before picking up a fork,
// but only for the first fork.
// Tempting: a waiter is a known solution, and only one philosopher at a time picks up a
// fork now.
// Wrong: the waiter is released before the right fork is taken, so philosophers still hold
// their left fork while waiting for the right one, and the cycle of waits is still there.
// (A waiter works only if it is held until both forks are taken.)
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

/// The waiter: one mutex for the whole table.
inline std::mutex& waiter() {
  static std::mutex m;
  return m;
}

/// The philosopher at `seat` picks up both forks, eats (calls `eat`) and puts them down.
inline void dine(Table& table, int seat, const std::function<void()>& eat) {
  Fork& left = table.left_of(seat);
  Fork& right = table.right_of(seat);
  std::unique_lock ask_waiter(waiter());
  std::lock_guard hold_left(left.m);
  ask_waiter.unlock();  // the waiter goes to serve someone else
  std::lock_guard hold_right(right.m);
  ++left.meals;
  ++right.meals;
  eat();
}
