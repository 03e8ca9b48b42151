// Goal: PrimeSearch counts the primes in a range on a background thread; found() and
// checked() show the progress at any time. The range can be huge, and the owner may lose
// interest: destroying a PrimeSearch must stop the search early and return promptly. Today
// the destructor joins a thread that never looks for a stop request, so it waits until the
// whole range has been searched, which can take hours.
#pragma once

#include <atomic>
#include <cstdint>
#include <thread>

/// Counts the primes in [from, to) on a thread of its own.
class PrimeSearch {
 public:
  PrimeSearch(std::uint64_t from, std::uint64_t to)
      : worker_([this, from, to](std::stop_token stop) { search(from, to, stop); }) {}

  /// Stops the search if it is still running, and waits for its thread to finish.
  ~PrimeSearch() = default;

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

  void search(std::uint64_t from, std::uint64_t to, std::stop_token stop) {
    for (std::uint64_t n = from; n < to; ++n) {
      if ((n - from) % (1u << 20) == (1u << 20) - 1 && stop.stop_requested()) return;
      if (is_prime(n)) found_.fetch_add(1, std::memory_order_relaxed);
      checked_.fetch_add(1, std::memory_order_relaxed);
    }
    finished_.store(true);
  }

  std::atomic<std::uint64_t> found_{0};
  std::atomic<std::uint64_t> checked_{0};
  std::atomic<bool> finished_{false};
  std::jthread worker_;  // last: it starts once the counters exist, and stops and joins first
};
