// Goal: RwLock lets many readers in together, or one writer alone; a waiting writer goes first.
#pragma once

#include <condition_variable>
#include <mutex>

class RwLock {
 public:
  void lock_shared() {
    if (writers_waiting_ == 0 && !writer_active_) {  // fast path: nobody writing
      std::lock_guard lock(m_);
      ++readers_;
      return;
    }
    std::unique_lock lock(m_);
    readers_cv_.wait(lock, [&] { return !writer_active_ && writers_waiting_ == 0; });
    ++readers_;
  }

  void unlock_shared() {
    std::unique_lock lock(m_);
    if (--readers_ == 0) writer_cv_.notify_one();
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
    writer_cv_.notify_one();
    readers_cv_.notify_all();
  }

 private:
  std::mutex m_;
  std::condition_variable readers_cv_;
  std::condition_variable writer_cv_;
  int readers_ = 0;
  bool writer_active_ = false;
  int writers_waiting_ = 0;
};
