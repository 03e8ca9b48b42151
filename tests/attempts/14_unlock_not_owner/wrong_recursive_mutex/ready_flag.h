#pragma once

#include <mutex>

/// A one-time "ready" signal: the loader calls set() once; any thread may wait() for it.
class ReadyFlag {
 public:
  ReadyFlag() { m_.lock(); }

  /// Called once, by the loader thread, when the data is ready.
  void set() { m_.unlock(); }

  /// Blocks until set() has been called; returns at once if it already was.
  void wait() {
    m_.lock();
    m_.unlock();
  }

 private:
  std::recursive_mutex m_;  // "recursive is more forgiving"
};
