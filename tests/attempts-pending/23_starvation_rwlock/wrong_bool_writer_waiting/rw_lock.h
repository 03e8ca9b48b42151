// Goal: RwLock lets many readers in together, or one writer alone; a waiting writer goes first.
#pragma once

#include <condition_variable>
#include <mutex>

class RwLock {
 public:
  void lock_shared() {
    std::unique_lock lock(m_);
    readers_cv_.wait(lock, [&] { return !writer_active_ && !writer_waiting_; });
    ++readers_;
  }

  void unlock_shared() {
    std::unique_lock lock(m_);
    if (--readers_ == 0) writer_cv_.notify_one();
  }

  void lock() {
    std::unique_lock lock(m_);
    writer_waiting_ = true;
    writer_cv_.wait(lock, [&] { return !writer_active_ && readers_ == 0; });
    writer_waiting_ = false;
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
  bool writer_waiting_ = false;
};
