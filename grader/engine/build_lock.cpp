#include "build_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace threadlings {
namespace {

// The pid the holder wrote into the lock file, or "" (it may be writing it right now).
std::string Holder(int fd) {
  char buf[32] = {};
  const ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
  std::string pid = n > 0 ? std::string(buf, size_t(n)) : "";
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
  return pid;
}

}  // namespace

BuildFolderLock::BuildFolderLock(const fs::path& dir,
                                 const std::function<void(const std::string&)>& on_wait) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  const fs::path file = dir / "lock";
  const int fd = open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    error_ = "cannot open '" + DisplayPath(file) + "': " + std::strerror(errno);
    return;
  }
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK && on_wait) {
      const std::string pid = Holder(fd);
      on_wait("another threadlings" + (pid.empty() ? "" : " (pid " + pid + ")") + " is using " +
              DisplayPath(dir) + "; waiting for it to finish");
    }
    int r;
    while ((r = flock(fd, LOCK_EX)) != 0 && errno == EINTR) {
    }
    if (r != 0) {
      error_ = "cannot lock '" + DisplayPath(file) + "': " + std::strerror(errno);
      close(fd);
      return;
    }
  }
  const std::string pid = std::to_string(getpid()) + "\n";
  if (ftruncate(fd, 0) == 0 && pwrite(fd, pid.data(), pid.size(), 0) < 0) {
    // Only a courtesy for the next waiter's message.
  }
  fd_ = fd;
}

BuildFolderLock::~BuildFolderLock() {
  if (fd_ >= 0) close(fd_);  // closing drops the flock
}

}  // namespace threadlings
