// Mutant (wrong fix): make the global lock a std::shared_mutex and take it shared.
// Tempting: a shared lock lets every worker in at once, so they compute together, and the
// code still "holds the lock" around total_.
// Wrong: shared ownership is for readers. Every worker WRITES total_ while the others hold
// the same shared lock, so the writes are not ordered: a data race.
// Expected verdict: data-race.
#pragma once

#include <functional>
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <utility>
#include <vector>

/// Scores chunks of data on several worker threads and adds up the scores.
class BatchScorer {
 public:
  /// `score(chunk)` is the CPU-heavy part: it reads only its own chunk and changes nothing
  /// shared, so any number of threads may call it at once.
  explicit BatchScorer(std::function<long(int chunk)> score) : score_(std::move(score)) {}

  /// Scores chunks 0..chunks-1 on `threads` worker threads (worker t takes chunks t,
  /// t + threads, t + 2 * threads, ...) and returns the sum of all scores.
  long run(int chunks, int threads) {
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t)
      workers.emplace_back([this, t, chunks, threads] { work(t, chunks, threads); });
    for (auto& w : workers) w.join();
    return total_;
  }

 private:
  void work(int first, int chunks, int step) {
    std::shared_lock gil(gil_);  // everyone may hold it at once
    for (int c = first; c < chunks; c += step) total_ += score_(c);
  }

  std::function<long(int)> score_;
  std::shared_mutex gil_;  ///< the global lock; what it must guard is total_
  long total_ = 0;
};
