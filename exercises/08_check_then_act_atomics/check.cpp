// Checks for 08_check_then_act_atomics. The learner does not edit this file.
//
// Every access in SeatMap is atomic, so ThreadSanitizer sees no data race; the bug is a
// check-then-act race, which stress tests hit rarely. SeatIsNeverSoldTwice hits it every
// time: the test seam on_checked_ runs inside the window between book()'s test and its
// store, and there it lets a second customer book the same seat on another thread, waiting
// up to kWindow for that booking to finish. A book() that makes the test and the store one
// step either lets the competitor fail fast (compare-exchange) or blocks it until the first
// booking is done (a lock), so a correct fix cannot fail.
#include <seat_map.h>
#include <threadlings/check.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;

/// How long the seam waits, inside the window, for the competing booking to finish.
constexpr auto kWindow = 300ms;

/// The competing booking: a thread that waits until the seam lets it go, then books.
class Competitor {
 public:
  /// Starts the thread; it calls book(seat, customer) on `seats` once released.
  void start(SeatMap& seats, int seat, int customer) {
    thread_ = std::thread([this, &seats, seat, customer] {
      {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return released_; });
      }
      const int seen = seats.owner(seat);  // what the seat looks like inside the window
      {
        std::lock_guard lock(mutex_);
        seen_owner_ = seen;
        seen_ = true;
      }
      const bool booked = seats.book(seat, customer);
      std::lock_guard lock(mutex_);
      booked_ = booked;
      done_ = true;
      changed_.notify_all();
    });
  }

  /// Called by the seam: lets the competitor book, waits up to kWindow for it to finish.
  void run_inside_window() {
    std::unique_lock lock(mutex_);
    released_ = true;
    changed_.notify_all();
    changed_.wait_for(lock, kWindow, [&] { return done_; });
    seen_in_window_ = seen_;
  }

  /// The owner the competitor saw when it was let go inside the window, if it saw one before
  /// the window ended (an owner() that waits for a lock held across the window does not).
  bool saw_owner_in_window(int* owner) {
    std::lock_guard lock(mutex_);
    *owner = seen_owner_;
    return seen_in_window_;
  }

  /// Releases the competitor if the seam never did, joins it, returns what book() said.
  bool finish() {
    {
      std::lock_guard lock(mutex_);
      released_ = true;
      changed_.notify_all();
    }
    thread_.join();
    std::lock_guard lock(mutex_);
    return booked_;
  }

 private:
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool released_ = false;
  bool done_ = false;
  bool booked_ = false;
  bool seen_ = false;
  bool seen_in_window_ = false;
  int seen_owner_ = SeatMap::kFree;
};

std::string customer_name(int c) { return "customer " + std::to_string(c); }

}  // namespace

// Customer 1 books seat 7. Between book()'s test and its store, customer 2 books seat 7 on
// another thread. Exactly one of them may get it, and owner(7) must be that one.
TEST(SeatMap, SeatIsNeverSoldTwice) {
  constexpr int kSeat = 7;
  auto competitor = std::make_unique<Competitor>();
  std::atomic<int> seam_calls{0};
  auto seats = std::make_unique<SeatMap>(16, [&](int) {
    if (seam_calls.fetch_add(1) == 0) competitor->run_inside_window();  // the first call only
  });
  competitor->start(*seats, kSeat, 2);
  const bool first = seats->book(kSeat, 1);
  const bool second = competitor->finish();
  const int owner = seats->owner(kSeat);

  int owner_in_window = SeatMap::kFree;
  if (seam_calls.load() == 0) {
    TL_REPORT("wrong-result",
              "book() never called the test seam on_checked_: keep calling it once per "
              "booking attempt, after the seat was found free and before it is taken");
  } else if (competitor->saw_owner_in_window(&owner_in_window) && owner_in_window != SeatMap::kFree) {
    TL_REPORT("wrong-result",
              "book(7, customer 1) called on_checked_ after it had taken the seat: inside the "
              "seam, owner(7) was already " + customer_name(owner_in_window) +
                  ". Call on_checked_ after the test that found the seat free and before the "
                  "step that takes it, so that the check can book in between");
  } else if (first && second) {
    TL_REPORT("wrong-result",
              "seat 7 was sold twice: book(7, customer 1) and book(7, customer 2) both "
              "returned true, and the seat now belongs to " + customer_name(owner) +
                  ". Customer 2 booked it after customer 1's test found it free and before "
                  "customer 1's store: the test and the store must be one step");
  } else if (!first && !second) {
    TL_REPORT("wrong-result",
              "nobody got seat 7: both book() calls returned false for a seat that was free");
  } else if (owner != (first ? 1 : 2)) {
    TL_REPORT("wrong-result",
              "book() told " + customer_name(first ? 1 : 2) + " it got seat 7, but owner(7) is " +
                  customer_name(owner) + ": a successful booking was overwritten");
  }
}

// Four box offices each try to book all 64 seats, in their own random order, for their own
// customer. Every seat must end up sold exactly once, to the office whose book() said so.
TEST(SeatMap, BusyBoxOffice) {
  constexpr int kSeats = 64;
  constexpr int kOffices = 4;
  auto seats = std::make_unique<SeatMap>(kSeats);
  auto booked = std::make_unique<std::vector<std::vector<bool>>>(
      kOffices, std::vector<bool>(kSeats, false));
  tl::StartGate gate;
  std::vector<std::thread> offices;
  for (int o = 0; o < kOffices; ++o)
    offices.emplace_back([&, o] {
      std::vector<int> order(kSeats);
      for (int s = 0; s < kSeats; ++s) order[s] = s;
      std::shuffle(order.begin(), order.end(), std::mt19937(tl::seed() + o));
      gate.wait();
      for (int s : order) {
        (*booked)[o][s] = seats->book(s, o + 1);
        if (s % 8 == 0) tl::jitter();
      }
    });
  gate.open();
  for (auto& t : offices) t.join();

  for (int s = 0; s < kSeats; ++s) {
    std::vector<int> winners;
    for (int o = 0; o < kOffices; ++o)
      if ((*booked)[o][s]) winners.push_back(o + 1);
    const int owner = seats->owner(s);
    if (winners.size() == 1 && owner == winners.front()) continue;
    std::string who;
    for (int w : winners) who += (who.empty() ? "" : ", ") + customer_name(w);
    TL_REPORT("wrong-result", "seat " + std::to_string(s) + ": book() returned true for " +
                                  std::to_string(winners.size()) + " customer(s) (" + who +
                                  ") and owner() is " + customer_name(owner) +
                                  "; expected exactly one, the owner");
    return;
  }
}

// The seam's place: once for a booking that finds its seat free, never for one that finds it
// taken (a seam called before the test would be, and would leave the test-then-take window
// unchecked).
TEST(SeatMap, SeamOnlyForAFreeSeat) {
  std::atomic<int> calls{0};
  auto seats = std::make_unique<SeatMap>(8, [&](int) { calls.fetch_add(1); });
  const bool first = seats->book(3, 1);
  const int after_first = calls.load();
  const bool second = seats->book(3, 2);
  const int after_second = calls.load();
  if (!first || seats->owner(3) != 1)
    TL_REPORT("wrong-result", "book(3, customer 1) on a free seat did not give it the seat");
  else if (after_first != 1)
    TL_REPORT("wrong-result", "book(3, customer 1) on a free seat called on_checked_ " +
                                  std::to_string(after_first) + " times; expected exactly once");
  else if (second || seats->owner(3) != 1)
    TL_REPORT("wrong-result", "book(3, customer 2) on a seat customer 1 holds returned " +
                                  std::string(second ? "true" : "false") + " and owner(3) is " +
                                  customer_name(seats->owner(3)));
  else if (after_second != after_first)
    TL_REPORT("wrong-result",
              "book(3, customer 2) called on_checked_ although seat 3 was already taken: call it "
              "only after your test found the seat free (a seam before the test leaves the "
              "window between your test and your take unchecked)");
}
