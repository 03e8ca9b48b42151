#pragma once

#include <condition_variable>
#include <mutex>

/// A one-time "ready" signal: the loader calls set() once; any thread may wait() for it.
class ReadyFlag {
 public:
  ReadyFlag() = default;

  /// Called once, by the loader thread, when the data is ready.
  void set() {
    {
      std::lock_guard lock(m_);
      ready_ = true;
    }
    cv_.notify_all();
  }

  /// Blocks until set() has been called; returns at once if it already was.
  void wait() {
    std::unique_lock lock(m_);
    cv_.wait(lock, [this] { return ready_; });
  }

 private:
  std::mutex m_;
  std::condition_variable cv_;
  bool ready_ = false;  // guarded by m_
};
