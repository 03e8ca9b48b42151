#include "save_watcher.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

namespace threadlings {

SaveWatcher::SaveWatcher() : fd_(inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {}

SaveWatcher::~SaveWatcher() {
  if (fd_ >= 0) close(fd_);
}

void SaveWatcher::Watch(const fs::path& dir, const std::vector<std::string>& files) {
  if (wd_ >= 0) inotify_rm_watch(fd_, wd_);
  names_ = std::set<std::string>(files.begin(), files.end());
  // Written in place (IN_CLOSE_WRITE) or renamed over the old file (IN_MOVED_TO, IN_CREATE).
  wd_ = inotify_add_watch(fd_, dir.c_str(), IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE);
}

bool SaveWatcher::Drain() {
  bool relevant = false;
  alignas(struct inotify_event) char buf[8192];
  for (;;) {
    const ssize_t n = read(fd_, buf, sizeof buf);
    if (n <= 0) break;
    for (ssize_t at = 0; at < n;) {
      const auto* ev = reinterpret_cast<const struct inotify_event*>(buf + at);
      if (ev->wd == wd_ && ev->len > 0 && names_.count(ev->name)) relevant = true;
      at += static_cast<ssize_t>(sizeof(struct inotify_event) + ev->len);
    }
  }
  return relevant;
}

void SaveWatcher::Debounce(std::chrono::milliseconds quiet) {
  for (;;) {
    struct pollfd p {fd_, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(quiet.count())) <= 0) return;
    Drain();
  }
}

}  // namespace threadlings
