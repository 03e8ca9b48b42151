#pragma once

#include <future>

/// A one-time "ready" signal: the loader calls set() once; any thread may wait() for it.
class ReadyFlag {
 public:
  ReadyFlag() : ready_(promise_.get_future().share()) {}

  /// Called once, by the loader thread, when the data is ready.
  void set() { promise_.set_value(); }

  /// Blocks until set() has been called; returns at once if it already was.
  void wait() { ready_.wait(); }

 private:
  std::promise<void> promise_;
  std::shared_future<void> ready_;
};
