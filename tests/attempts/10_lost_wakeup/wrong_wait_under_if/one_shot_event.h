// Goal: OneShotEvent lets one thread wait until another thread says "done". As written,
// set() only sends a notification, and a notification sent while nobody is waiting is lost:
// when the loader finishes before the main thread gets to wait(), wait() sleeps forever.
// Make the event remember that it happened: wait() must return at once if set() was
// already called, and block until set() is called otherwise.
#pragma once

#include <condition_variable>
#include <mutex>

/// A one-shot "done" signal between threads: one thread calls set() once, another wait().
class OneShotEvent {
 public:
  /// Marks the event as happened and wakes the waiting thread, if there is one.
  void set() {
    {
      std::scoped_lock lock(m_);
      done_ = true;
    }
    cv_.notify_one();
  }

  /// Blocks until set() has been called; returns at once if it already was.
  void wait() {
    std::unique_lock lock(m_);
    if (!done_) cv_.wait(lock);  // set() not called yet: wait for its notification
  }

 private:
  std::mutex m_;
  std::condition_variable cv_;
  bool done_ = false;
};
