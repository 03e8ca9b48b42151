// Goal: BatchScorer scores chunks of data on several threads, but every worker holds one
// global lock (like CPython's Global Interpreter Lock) for its whole computation. So the
// threads take turns: only one of them computes at any moment, and four threads do the work
// of one. Keep the lock for what is really shared (the total) and let the workers compute at
// the same time.
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
    long sum = 0;
    for (int c = first; c < chunks; c += step) {
      sum += score_(c);
      std::scoped_lock gil(gil_);
      total_ += sum;  // publish progress as we go
    }
  }

  std::function<long(int)> score_;
  std::mutex gil_;  ///< the global lock; what it must guard is total_
  long total_ = 0;
};
