// Mutant (wrong fix): make each reader sleep a little before it asks for the lock.
// Tempting: it "gives the writer a chance", and with a few slow readers it seems to work.
// Wrong: the policy is unchanged: a reader that arrives while others hold the lock still
// enters past a waiting writer. As long as some reader enters before the last one leaves,
// the count of readers never reaches zero and the writer still starves.
// Expected verdict: starvation.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

/// A readers/writer lock: lock_shared()/unlock_shared() for readers, lock()/unlock() for
/// writers.
class RwLock {
 public:
  void lock_shared() {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));  // let a writer go first
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
    writer_cv_.wait(lock, [&] { return !writer_active_ && readers_ == 0; });
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
};
