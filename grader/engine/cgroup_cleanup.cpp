#include "cgroup_cleanup.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "process.h"

namespace threadlings {
namespace {

constexpr int kSlots = 128;
constexpr size_t kPathMax = 480;

// One folder of the list. `state`: 0 free, 1 being written, 2 in use.
struct Slot {
  std::atomic<int> state{0};
  char path[kPathMax];
};
Slot g_slots[kSlots];  // trivially destructible: still readable in atexit handlers

// "<dir>/<file>" into buf (no allocation); false if it does not fit.
bool JoinPath(const char* dir, const char* file, char* buf, size_t size) {
  const size_t a = strlen(dir), b = strlen(file);
  if (a + 1 + b + 1 > size) return false;
  memcpy(buf, dir, a);
  buf[a] = '/';
  memcpy(buf + a + 1, file, b + 1);
  return true;
}

// Writes "1" to cgroup.kill (v2) and SIGKILLs every pid in cgroup.procs.
void KillMembers(const char* dir) {
  char file[kPathMax + 16];
  if (JoinPath(dir, "cgroup.kill", file, sizeof file)) {
    const int fd = open(file, O_WRONLY | O_CLOEXEC);
    if (fd >= 0) {
      (void)!write(fd, "1", 1);
      close(fd);
    }
  }
  if (!JoinPath(dir, "cgroup.procs", file, sizeof file)) return;
  const int fd = open(file, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  char buf[4096];
  const ssize_t n = read(fd, buf, sizeof buf);
  close(fd);
  long pid = 0;
  for (ssize_t i = 0; i < n; ++i) {
    if (buf[i] >= '0' && buf[i] <= '9') {
      pid = pid * 10 + (buf[i] - '0');
    } else {
      if (pid > 0) kill(static_cast<pid_t>(pid), SIGKILL);
      pid = 0;
    }
  }
}

void AtExit() { RemoveTrackedCgroups(); }

}  // namespace

bool TrackCgroup(const std::string& dir) {
  static const bool registered = [] {
    InstallInterruptHandlers();  // Ctrl-C before the first check still removes the parents
    return std::atexit(AtExit) == 0;
  }();
  (void)registered;
  if (dir.size() + 1 > kPathMax) return false;
  for (auto& slot : g_slots) {
    int free = 0;
    if (!slot.state.compare_exchange_strong(free, 1)) continue;
    memcpy(slot.path, dir.c_str(), dir.size() + 1);
    slot.state.store(2);
    return true;
  }
  return false;
}

void UntrackCgroup(const std::string& dir) {
  for (auto& slot : g_slots)
    if (slot.state.load() == 2 && dir == slot.path) slot.state.store(0);
}

void RemoveTrackedCgroups() {
  for (int pass = 0; pass < 200; ++pass) {
    bool left = false;
    for (auto& slot : g_slots) {
      if (slot.state.load() != 2) continue;
      if (rmdir(slot.path) == 0 || errno == ENOENT) {
        slot.state.store(0);
        continue;
      }
      left = true;
      if (errno == EBUSY) KillMembers(slot.path);  // a parent stays busy until its children go
    }
    if (!left) return;
    const timespec pause{0, 5 * 1000 * 1000};
    nanosleep(&pause, nullptr);
  }
}

}  // namespace threadlings
