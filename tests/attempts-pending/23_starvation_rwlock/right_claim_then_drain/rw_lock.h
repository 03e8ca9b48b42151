// Goal: RwLock lets many readers in together, or one writer alone; a waiting writer goes first.
#pragma once

#include <condition_variable>
#include <mutex>

class RwLock {
 public:
  void lock_shared() {
    std::unique_lock lock(m_);
    readers_cv_.wait(lock, [&] { return !writer_claimed_; });
    ++readers_;
  }

  void unlock_shared() {
    std::unique_lock lock(m_);
    if (--readers_ == 0) drain_cv_.notify_one();
  }

  void lock() {
    std::unique_lock lock(m_);
    // Step 1: wait for the previous writer, then claim: from now on no new reader enters.
    readers_cv_.wait(lock, [&] { return !writer_claimed_; });
    writer_claimed_ = true;
    // Step 2: wait for the readers already inside to leave.
    drain_cv_.wait(lock, [&] { return readers_ == 0; });
  }

  void unlock() {
    std::unique_lock lock(m_);
    writer_claimed_ = false;
    readers_cv_.notify_all();  // readers and the next writer
  }

 private:
  std::mutex m_;
  std::condition_variable readers_cv_;
  std::condition_variable drain_cv_;
  int readers_ = 0;
  bool writer_claimed_ = false;  // a writer holds or is draining toward the lock
};
