// One threadlings at a time in a build folder. Two processes on one kit (watch in one
// terminal and verify in another, or two `grade` runs sharing THREADLINGS_HOME) would
// otherwise rewrite each other's build.ninja and run folders, and a correct fix would get
// `compile-error` ("ninja: error: unknown target"). The lock is an flock(2) on a file in the
// folder: the kernel drops it when its holder exits, however it exits.
#pragma once

#include <functional>
#include <string>

#include "kit.h"

namespace threadlings {

/// Holds the build folder's lock for its lifetime.
class BuildFolderLock {
 public:
  /// Takes the lock of `dir` (creating the folder), waiting while another process holds it;
  /// `on_wait` is told once, before the wait, who holds it. On failure to lock at all (a
  /// read-only folder), `error()` says why and the lock is not held.
  BuildFolderLock(const fs::path& dir, const std::function<void(const std::string&)>& on_wait);
  ~BuildFolderLock();
  BuildFolderLock(const BuildFolderLock&) = delete;
  BuildFolderLock& operator=(const BuildFolderLock&) = delete;

  bool held() const { return fd_ >= 0; }
  const std::string& error() const { return error_; }

 private:
  int fd_ = -1;
  std::string error_;
};

}  // namespace threadlings
