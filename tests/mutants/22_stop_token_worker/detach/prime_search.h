// Mutant (wrong fix): detach the worker in the destructor instead of joining it.
// Tempting: the destructor returns at once, and the program no longer hangs.
// Wrong: nobody stopped the search, so the thread goes on computing, now with nobody to
// wait for it, writing into an object that no longer exists. Every PrimeSearch destroyed
// leaves a thread burning a CPU until the range ends (hours). Expected verdict: thread-leak.
#pragma once

#include <atomic>
#include <cstdint>
#include <thread>

/// Counts the primes in [from, to) on a thread of its own.
class PrimeSearch {
 public:
  PrimeSearch(std::uint64_t from, std::uint64_t to)
      : worker_([this, from, to] { search(from, to); }) {}

  /// Stops the search if it is still running, and waits for its thread to finish.
  ~PrimeSearch() {
    worker_.detach();  // do not wait for it: the destructor returns at once
  }

  PrimeSearch(const PrimeSearch&) = delete;
  PrimeSearch& operator=(const PrimeSearch&) = delete;

  std::uint64_t found() const { return found_.load(); }      ///< primes found so far
  std::uint64_t checked() const { return checked_.load(); }  ///< numbers checked so far
  bool finished() const { return finished_.load(); }         ///< the whole range was searched

 private:
  static bool is_prime(std::uint64_t n) {
    if (n < 2) return false;
    for (std::uint64_t d = 2; d * d <= n; ++d)
      if (n % d == 0) return false;
    return true;
  }

  void search(std::uint64_t from, std::uint64_t to) {
    for (std::uint64_t n = from; n < to; ++n) {
      if (is_prime(n)) found_.fetch_add(1, std::memory_order_relaxed);
      checked_.fetch_add(1, std::memory_order_relaxed);
    }
    finished_.store(true);
  }

  std::atomic<std::uint64_t> found_{0};
  std::atomic<std::uint64_t> checked_{0};
  std::atomic<bool> finished_{false};
  std::thread worker_;  // last: it starts once the counters exist
};
