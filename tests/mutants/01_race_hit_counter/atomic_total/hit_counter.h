// Mutant (wrong fix): make the total a std::atomic<long> and leave the map alone.
// Tempting: "atomics fix races", and the lost total was the symptom that showed.
// Wrong: ++hits_[path] still changes the map's nodes and counts from many threads with no
// lock, so that is still a data race; and total and per-path counts are no longer updated
// together. Expected verdict: data-race.
#pragma once

#include <atomic>
#include <map>
#include <string>

/// Counts page hits per path and in total. One object is shared by all threads.
class HitCounter {
 public:
  /// Records one hit on `path`.
  void hit(const std::string& path) {
    ++hits_[path];
    ++total_;
  }

  /// The number of hits on `path` so far.
  long hits(const std::string& path) const {
    const auto it = hits_.find(path);
    return it == hits_.end() ? 0 : it->second;
  }

  /// The number of hits on all paths so far.
  long total() const { return total_.load(); }

 private:
  std::map<std::string, long> hits_;
  std::atomic<long> total_ = 0;
};
