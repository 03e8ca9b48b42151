// Mutant (wrong fix): take the global lock once per chunk instead of once per worker.
// Tempting: the lock is now released between chunks, so "the others get a turn".
// Wrong: they get a turn, not a share. score() still runs under the lock, so at any moment
// only one worker computes; the threads only take shorter turns.
// Expected verdict: wrong-result.
#pragma once

#include <functional>
#include <mutex>
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
    for (int c = first; c < chunks; c += step) {
      std::scoped_lock gil(gil_);  // a shorter turn for each chunk
      total_ += score_(c);
    }
  }

  std::function<long(int)> score_;
  std::mutex gil_;  ///< the global lock; what it must guard is total_
  long total_ = 0;
};
