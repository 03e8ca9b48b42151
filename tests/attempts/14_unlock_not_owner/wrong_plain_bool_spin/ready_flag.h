#pragma once

#include <thread>

/// A one-time "ready" signal: the loader calls set() once; any thread may wait() for it.
class ReadyFlag {
 public:
  ReadyFlag() = default;

  /// Called once, by the loader thread, when the data is ready.
  void set() { ready_ = true; }

  /// Blocks until set() has been called; returns at once if it already was.
  void wait() {
    while (!ready_) std::this_thread::yield();
  }

 private:
  bool ready_ = false;
};
