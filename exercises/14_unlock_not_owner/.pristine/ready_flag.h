// Goal: ReadyFlag tells the worker threads that the configuration is loaded: the loader thread
// calls set() once, and any number of threads call wait(), which returns once set() was
// called. As written, the flag is a std::mutex that one thread locks and ANOTHER thread
// unlocks. A mutex belongs to the thread that locked it, and unlocking it from any other
// thread is undefined behaviour. Build the signal from something that has no owner.
#pragma once

#include <mutex>

/// A one-time "ready" signal: the loader calls set() once; any thread may wait() for it.
class ReadyFlag {
 public:
  // TODO: the thread that creates the flag locks the mutex here, so that thread owns it...
  ReadyFlag() { m_.lock(); }

  /// Called once, by the loader thread, when the data is ready.
  void set() {
    // TODO: ...but the loader unlocks it here. Only the owner may unlock a mutex.
    m_.unlock();
  }

  /// Blocks until set() has been called; returns at once if it already was. Any number of
  /// threads may wait.
  void wait() {
    // TODO: "pass once the mutex is free" only works if the mutex was used as a signal.
    m_.lock();
    m_.unlock();
  }

 private:
  std::mutex m_;  // locked means "not ready yet"
};
