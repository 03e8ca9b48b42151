// Goal: RwLock lets many readers in together, or one writer alone; a waiting writer goes first.
#pragma once

#include <shared_mutex>

class RwLock {
 public:
  void lock_shared() { m_.lock_shared(); }
  void unlock_shared() { m_.unlock_shared(); }
  void lock() { m_.lock(); }
  void unlock() { m_.unlock(); }

 private:
  std::shared_mutex m_;  // the standard one is surely fair
};
