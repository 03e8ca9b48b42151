// Goal: RwLock lets many readers in together, or one writer alone; a waiting writer goes first.
#pragma once

#include <condition_variable>
#include <mutex>

class RwLock {
 public:
  void lock_shared() {
    std::unique_lock lock(m_);
    cv_.wait(lock, [&] { return !writer_active_ && writers_waiting_ == 0; });
    ++readers_;
  }

  void unlock_shared() {
    std::unique_lock lock(m_);
    --readers_;
    if (readers_ == 0) cv_.notify_all();
  }

  void lock() {
    std::unique_lock lock(m_);
    ++writers_waiting_;
    cv_.wait(lock, [&] { return !writer_active_ && readers_ == 0; });
    --writers_waiting_;
    writer_active_ = true;
  }

  void unlock() {
    {
      std::lock_guard lock(m_);
      writer_active_ = false;
    }
    cv_.notify_all();
  }

 private:
  std::mutex m_;
  std::condition_variable cv_;
  int readers_ = 0;
  bool writer_active_ = false;
  int writers_waiting_ = 0;
};
