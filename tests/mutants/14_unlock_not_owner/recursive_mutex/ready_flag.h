// Mutant (wrong fix): use a std::recursive_mutex.
// Tempting: "recursive" sounds like it relaxes the rules about who may lock and unlock.
// Wrong: a recursive mutex lets its OWNER lock it again; it still has exactly one owner, and
// only the owner may unlock it. glibc even refuses the stranger's unlock (EPERM, ignored by
// std::recursive_mutex::unlock), so the mutex stays locked and the workers would wait forever.
// Expected verdict: misuse.
#pragma once

#include <mutex>

/// A one-time "ready" signal: the loader calls set() once; any thread may wait() for it.
class ReadyFlag {
 public:
  ReadyFlag() { m_.lock(); }

  /// Called once, by the loader thread, when the data is ready.
  void set() {
    m_.unlock();
  }

  /// Blocks until set() has been called; returns at once if it already was. Any number of
  /// threads may wait.
  void wait() {
    m_.lock();
    m_.unlock();
  }

 private:
  std::recursive_mutex m_;  // locked means "not ready yet"
};
