// Mutant (wrong fix): wake the writer on every reader exit, and wake everyone with notify_all.
// Tempting: "the writer is never woken up" looks like a lost wakeup, and notify_all is the
// usual cure for one.
// Wrong: the writer is woken, checks readers_ == 0, finds other readers still inside and
// sleeps again. Waking it more often does not change who is allowed in: new readers still
// pass a waiting writer, so it still starves. Expected verdict: starvation.
#pragma once

#include <condition_variable>
#include <mutex>

/// A readers/writer lock: lock_shared()/unlock_shared() for readers, lock()/unlock() for
/// writers.
class RwLock {
 public:
  void lock_shared() {
    std::unique_lock lock(m_);
    readers_cv_.wait(lock, [&] { return !writer_active_; });
    ++readers_;
  }

  void unlock_shared() {
    std::unique_lock lock(m_);
    --readers_;
    writer_cv_.notify_all();  // wake the writer every time, so it gets a chance
  }

  void lock() {
    std::unique_lock lock(m_);
    writer_cv_.wait(lock, [&] { return !writer_active_ && readers_ == 0; });
    writer_active_ = true;
  }

  void unlock() {
    std::unique_lock lock(m_);
    writer_active_ = false;
    writer_cv_.notify_all();   // every waiting writer
    readers_cv_.notify_all();  // and every waiting reader compete for the lock
  }

 private:
  std::mutex m_;  ///< guards everything below
  std::condition_variable readers_cv_;
  std::condition_variable writer_cv_;
  int readers_ = 0;  ///< readers holding the lock
  bool writer_active_ = false;
};
