// Mutant (wrong fix): switch to std::jthread and request a stop, but never check the token
// in the loop.
// Tempting: jthread "stops and joins" in its destructor, so the problem looks solved.
// Wrong: a stop request is only a flag: it stops nothing by itself. The loop has to ask
// stop_requested(), and this one never does, so join() still waits for the whole range.
// Expected verdict: timeout.
#pragma once

#include <atomic>
#include <cstdint>
#include <thread>

/// Counts the primes in [from, to) on a thread of its own.
class PrimeSearch {
 public:
  PrimeSearch(std::uint64_t from, std::uint64_t to)
      : worker_([this, from, to](std::stop_token stop) { search(stop, from, to); }) {}

  /// Stops the search if it is still running, and waits for its thread to finish.
  ~PrimeSearch() {
    worker_.request_stop();  // the search sees it within one number and returns
    worker_.join();          // (std::jthread's own destructor would do both, too)
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

  void search(std::stop_token, std::uint64_t from, std::uint64_t to) {
    for (std::uint64_t n = from; n < to; ++n) {
      if (is_prime(n)) found_.fetch_add(1, std::memory_order_relaxed);
      checked_.fetch_add(1, std::memory_order_relaxed);
    }
    finished_.store(true);
  }

  std::atomic<std::uint64_t> found_{0};
  std::atomic<std::uint64_t> checked_{0};
  std::atomic<bool> finished_{false};
  std::jthread worker_;  // last: it starts once the counters exist; it can be asked to stop
};
