// Mutant (wrong fix): count the waiting writers, but let readers ignore the count.
// Tempting: it is half of the right fix, and the counter looks like it should help.
// Wrong: a count that nobody reads changes nothing: lock_shared() still lets a new reader in
// whenever no writer is ACTIVE, so readers keep passing the waiting writer, which starves.
// Expected verdict: starvation.
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
    if (--readers_ == 0) writer_cv_.notify_one();  // the last reader out wakes a writer
  }

  void lock() {
    std::unique_lock lock(m_);
    ++writers_waiting_;
    writer_cv_.wait(lock, [&] { return !writer_active_ && readers_ == 0; });
    --writers_waiting_;
    writer_active_ = true;
  }

  void unlock() {
    std::unique_lock lock(m_);
    writer_active_ = false;
    writer_cv_.notify_one();   // the next writer, if any,
    readers_cv_.notify_all();  // and every waiting reader compete for the lock
  }

 private:
  std::mutex m_;  ///< guards everything below
  std::condition_variable readers_cv_;
  std::condition_variable writer_cv_;
  int readers_ = 0;  ///< readers holding the lock
  bool writer_active_ = false;
  int writers_waiting_ = 0;  ///< writers blocked in lock()
};
