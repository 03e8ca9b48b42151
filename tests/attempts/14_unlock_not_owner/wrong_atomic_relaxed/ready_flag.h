#pragma once

#include <atomic>

/// A one-time "ready" signal: the loader calls set() once; any thread may wait() for it.
class ReadyFlag {
 public:
  ReadyFlag() = default;

  /// Called once, by the loader thread, when the data is ready.
  void set() {
    ready_.store(true, std::memory_order_relaxed);
    ready_.notify_all();
  }

  /// Blocks until set() has been called; returns at once if it already was.
  void wait() {
    while (!ready_.load(std::memory_order_relaxed)) ready_.wait(false, std::memory_order_relaxed);
  }

 private:
  std::atomic<bool> ready_{false};
};
