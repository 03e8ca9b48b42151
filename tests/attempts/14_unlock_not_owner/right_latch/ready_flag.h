#pragma once

#include <latch>

/// A one-time "ready" signal: the loader calls set() once; any thread may wait() for it.
class ReadyFlag {
 public:
  ReadyFlag() = default;

  /// Called once, by the loader thread, when the data is ready.
  void set() { latch_.count_down(); }

  /// Blocks until set() has been called; returns at once if it already was.
  void wait() { latch_.wait(); }

 private:
  std::latch latch_{1};
};
