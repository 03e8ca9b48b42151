#pragma once

#include <semaphore>

/// A one-time "ready" signal: the loader calls set() once; any thread may wait() for it.
class ReadyFlag {
 public:
  ReadyFlag() = default;

  /// Called once, by the loader thread, when the data is ready.
  void set() { sem_.release(); }

  /// Blocks until set() has been called; returns at once if it already was.
  void wait() {
    sem_.acquire();
    sem_.release();  // hand the token on to the next waiter
  }

 private:
  std::binary_semaphore sem_{0};
};
