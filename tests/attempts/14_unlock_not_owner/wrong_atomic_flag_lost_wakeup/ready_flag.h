#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>

/// A one-time "ready" signal: the loader calls set() once; any thread may wait() for it.
class ReadyFlag {
 public:
  ReadyFlag() = default;

  /// Called once, by the loader thread, when the data is ready.
  void set() {
    ready_.store(true);  // atomic, so no lock needed?
    cv_.notify_all();
  }

  /// Blocks until set() has been called; returns at once if it already was.
  void wait() {
    std::unique_lock lock(m_);
    cv_.wait(lock, [this] { return ready_.load(); });
  }

 private:
  std::mutex m_;
  std::condition_variable cv_;
  std::atomic<bool> ready_{false};
};
