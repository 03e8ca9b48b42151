// Goal: RwLock lets many readers in together, or one writer alone. As written it always lets
// a new reader in while other readers hold the lock, so under a steady stream of readers the
// count of readers never drops to zero and a waiting writer never gets in: it starves. Make a
// waiting writer go first: once a writer waits, new readers wait until it has had its turn.
#pragma once

#include <condition_variable>
#include <mutex>

/// A readers/writer lock: lock_shared()/unlock_shared() for readers, lock()/unlock() for
/// writers.
class RwLock {
 public:
  void lock_shared() {
    std::unique_lock lock(m_);
    // Writers go first: a new reader also waits while a writer is waiting.
    readers_cv_.wait(lock, [&] { return !writer_active_ && writers_waiting_ == 0; });
    ++readers_;
  }

  void unlock_shared() {
    std::unique_lock lock(m_);
    if (--readers_ == 0) writer_cv_.notify_one();  // the last reader out wakes a writer
  }

  void lock() {
    std::unique_lock lock(m_);
    ++writers_waiting_;  // announce this writer, so that new readers hold back
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
  int writers_waiting_ = 0;  ///< writers blocked in lock(); new readers wait while > 0
};
