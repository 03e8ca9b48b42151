// Mutant (wrong fix): a plain bool stop flag, set by the destructor, read by the loop.
// Tempting: it is the right idea, and it even seems to work.
// Wrong: one thread writes the flag while another reads it, with nothing ordering the two:
// a data race, so undefined behaviour. The compiler may legally read the flag once, before
// the loop, and never again. Use std::atomic<bool>, or better std::jthread's stop_token.
// Expected verdict: data-race.
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
    stop_ = true;  // the search sees this and returns
    worker_.join();
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
      if (stop_) return;
      if (is_prime(n)) found_.fetch_add(1, std::memory_order_relaxed);
      checked_.fetch_add(1, std::memory_order_relaxed);
    }
    finished_.store(true);
  }

  std::atomic<std::uint64_t> found_{0};
  std::atomic<std::uint64_t> checked_{0};
  std::atomic<bool> finished_{false};
  bool stop_ = false;   // set by the destructor, read by the search
  std::thread worker_;  // last: it starts once the counters exist
};
