// Mutant (wrong fix): a std::mutex declared inside each member function.
// Tempting: it compiles without `mutable`, and every function "locks a mutex".
// Wrong: each call creates its own mutex, so no two threads ever lock the same one and
// nothing is excluded: the threads still change the map and the total together.
// Expected verdict: data-race.
#pragma once

#include <map>
#include <mutex>
#include <string>

/// Counts page hits per path and in total. One object is shared by all threads.
class HitCounter {
 public:
  /// Records one hit on `path`.
  void hit(const std::string& path) {
    std::mutex m;
    std::scoped_lock lock(m);
    ++hits_[path];
    ++total_;
  }

  /// The number of hits on `path` so far.
  long hits(const std::string& path) const {
    std::mutex m;
    std::scoped_lock lock(m);
    const auto it = hits_.find(path);
    return it == hits_.end() ? 0 : it->second;
  }

  /// The number of hits on all paths so far.
  long total() const {
    std::mutex m;
    std::scoped_lock lock(m);
    return total_;
  }

 private:
  std::map<std::string, long> hits_;
  long total_ = 0;
};
