// Goal: every request thread of a small web server calls HitCounter::hit() for the page it
// served, and a dashboard thread reads the counts at the same time. Make HitCounter safe to
// use from many threads at once: no hit may be lost, and a reader must never look at the map
// or the total while another thread is changing them.
#pragma once

#include <map>
#include <mutex>
#include <string>

/// Counts page hits per path and in total. One object is shared by all threads.
class HitCounter {
 public:
  /// Records one hit on `path`.
  void hit(const std::string& path) {
    std::unique_lock<std::mutex> lock(mutex_);
    ++hits_[path];
    ++total_;
    lock.unlock();
  }

  /// The number of hits on `path` so far.
  long hits(const std::string& path) const {
    std::unique_lock<std::mutex> lock(mutex_);
    const auto it = hits_.find(path);
    const long n = it == hits_.end() ? 0 : it->second;
    lock.unlock();
    return n;
  }

  /// The number of hits on all paths so far.
  long total() const {
    std::unique_lock<std::mutex> lock(mutex_);
    return total_;
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, long> hits_;
  long total_ = 0;
};
