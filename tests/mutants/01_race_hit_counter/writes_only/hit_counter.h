// Mutant (wrong fix): lock in hit() only; the readers stay unlocked.
// Tempting: "reads don't change anything, so they can't break anything", and the totals
// come out right.
// Wrong: a read that overlaps a write is a data race: the reader may see a half-updated map
// (a node being rebalanced) or a torn value, and nothing orders the write before the read.
// Expected verdict: data-race (HitCounter.ReadsWhileCountingAreSafe).
#pragma once

#include <map>
#include <mutex>
#include <string>

/// Counts page hits per path and in total. One object is shared by all threads.
class HitCounter {
 public:
  /// Records one hit on `path`.
  void hit(const std::string& path) {
    std::scoped_lock lock(m_);
    ++hits_[path];
    ++total_;
  }

  /// The number of hits on `path` so far.
  long hits(const std::string& path) const {
    const auto it = hits_.find(path);
    return it == hits_.end() ? 0 : it->second;
  }

  /// The number of hits on all paths so far.
  long total() const { return total_; }

 private:
  std::mutex m_;
  std::map<std::string, long> hits_;
  long total_ = 0;
};
