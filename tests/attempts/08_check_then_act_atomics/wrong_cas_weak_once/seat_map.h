// Goal: SeatMap sells the seats of a concert hall. book(seat, customer) gives the seat to the
// customer if it is still free and says whether it did; many box-office threads call it at
// once. A seat must never be sold twice: of all the book() calls for one seat, at most one
// returns true, and owner(seat) is that customer.
//
// Every field is atomic, so there is no data race and ThreadSanitizer stays silent; the bug
// is in the logic. `on_checked_` is a test seam: the check uses it to run a competing booking
// between your check and your act. Keep calling it once per booking attempt, after you found
// the seat free and before you take it.
#pragma once

#include <atomic>
#include <functional>
#include <utility>
#include <vector>

class SeatMap {
 public:
  static constexpr int kFree = 0;  ///< owner() of a seat nobody has booked

  explicit SeatMap(int seats, std::function<void(int seat)> on_checked = {})
      : owners_(seats), on_checked_(std::move(on_checked)) {}

  /// Gives `seat` to `customer` (> 0) if nobody has it yet; returns whether it did.
  bool book(int seat, int customer) {
    std::atomic<int>& owner = owners_.at(seat);
    if (owner.load() != kFree) return false;
    if (on_checked_) on_checked_(seat);  // test seam: between the check and the act
    int expected = kFree;
    return owner.compare_exchange_weak(expected, customer);  // one step, but only tried once
  }

  /// The customer holding `seat`, or kFree.
  int owner(int seat) const { return owners_.at(seat).load(); }

 private:
  std::vector<std::atomic<int>> owners_;  // one per seat, kFree at first
  std::function<void(int seat)> on_checked_;
};
