// Entering the sandbox in the child before exec: the namespaces and the read-only filesystem,
// dropping privileges, the resource limits, and hiding the system debug information.
#include "sandbox.h"

#include <fcntl.h>
#include <linux/capability.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <grp.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace threadlings {
namespace {

namespace fs = std::filesystem;

// <linux/mount.h> clashes with glibc 2.36's <sys/mount.h>: the few names needed, spelled out.
#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442
#endif
struct MountAttr {
  uint64_t attr_set;
  uint64_t attr_clr;
  uint64_t propagation;
  uint64_t userns_fd;
};
constexpr uint64_t kMountAttrReadOnly = 0x00000001;
constexpr int kAtRecursive = 0x8000;

// An empty, read-only tmpfs over `dir`, in the caller's own mount namespace. 0 or an errno.
int MountEmptyOver(const char* dir) {
  return mount("tmpfs", dir, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4k,mode=755") == 0
             ? 0
             : errno;
}

// Writes `text` (`n` bytes) to `path`; 0 or an errno. Async-signal-safe.
int WriteProcFile(const char* path, const char* text, size_t n) {
  const int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return errno;
  const ssize_t w = write(fd, text, n);
  const int e = w == static_cast<ssize_t>(n) ? 0 : (w < 0 ? errno : EIO);
  close(fd);
  return e;
}

// "ID ID 1\n" into `buf`: a uid_map or gid_map line that maps one id to itself, without
// allocating (async-signal-safe). Returns the length.
size_t IdentityMapLine(unsigned id, char* buf) {
  char digits[16];
  size_t n = 0;
  do {
    digits[n++] = static_cast<char>('0' + id % 10);
    id /= 10;
  } while (id != 0);
  size_t len = 0;
  for (int copy = 0; copy < 2; ++copy) {
    for (size_t i = n; i > 0; --i) buf[len++] = digits[i - 1];
    buf[len++] = ' ';
  }
  buf[len++] = '1';
  buf[len++] = '\n';
  return len;
}

// A check run by root would keep every capability and could undo its sandbox: clear the
// read-only flag again (mount_setattr), write to another cgroup's cgroup.procs, enter another
// network namespace. With `uid` set, it becomes that user (then it cannot signal the grader or
// other checks either); in any case every capability is dropped, for the check and whatever it
// executes (the bounding set and no_new_privs). Async-signal-safe; 0 or an errno.
int DropPrivileges(uid_t uid, gid_t gid, const char** step) {
  *step = "drop capabilities";
  for (int cap = 0; cap < 64; ++cap) prctl(PR_CAPBSET_DROP, cap, 0, 0, 0);  // EPERM without root, EINVAL past the last
  prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
  if (uid != 0) {
    *step = "switch user";
    if (setgroups(0, nullptr) != 0) return errno;
    if (setresgid(gid, gid, gid) != 0) return errno;
    if (setresuid(uid, uid, uid) != 0) return errno;
  }
  *step = "drop capabilities";
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return errno;
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct none[_LINUX_CAPABILITY_U32S_3] = {};
  return syscall(SYS_capset, &header, none) == 0 ? 0 : errno;
}

}  // namespace

int HideSystemDebugInfo() {
  const uid_t uid = getuid();
  const gid_t gid = getgid();
  if (unshare(uid == 0 ? CLONE_NEWNS : CLONE_NEWUSER | CLONE_NEWNS) != 0) return -1;
  if (uid != 0) {
    // The same ids inside as outside: files it writes belong to the learner, it holds no
    // capability once it executes the check, and the grader's gdb may still attach to it.
    char line[48];
    if (const int e = WriteProcFile("/proc/self/uid_map", line, IdentityMapLine(uid, line)); e != 0) return e;
    if (const int e = WriteProcFile("/proc/self/setgroups", "deny", 4); e != 0) return e;
    if (const int e = WriteProcFile("/proc/self/gid_map", line, IdentityMapLine(gid, line)); e != 0) return e;
  }
  // From here on a failure leaves a process that runs as it would have: not hidden, go on.
  if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) return -1;
  return MountEmptyOver(kSystemDebugDir) == 0 ? 0 : -1;
}

bool CanHideSystemDebugInfo() {
  static const bool can = [] {
    std::error_code ec;
    if (!fs::is_directory(kSystemDebugDir, ec) || fs::is_empty(kSystemDebugDir, ec)) return false;
    const uid_t uid = getuid();
    const gid_t gid = getgid();
    const pid_t pid = fork();
    if (pid < 0) return false;
    if (pid == 0) {
      if (HideSystemDebugInfo() != 0) _exit(1);
      // Hidden (an empty folder has two links), and the ids are still our own.
      struct stat st {};
      const bool empty = stat(kSystemDebugDir, &st) == 0 && st.st_nlink == 2;
      _exit(empty && getuid() == uid && getgid() == gid ? 0 : 2);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }();
  return can;
}

int EnterSandboxNamespaces(const SandboxLimits& limits, const char** step, bool hide_debug_info) {
  if (!limits.enabled) return 0;
  if (limits.read_only_fs) {
    *step = limits.no_network ? "namespaces" : "mount namespace";
    if (unshare(CLONE_NEWNS | (limits.no_network ? CLONE_NEWNET : 0)) != 0) {
      if (limits.no_network) *step = "network namespace";
      return errno;
    }
    *step = "mount: private";
    if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) return errno;
    *step = "mount: bind the run folder";
    for (const auto& w : limits.writable)
      if (mount(w.c_str(), w.c_str(), nullptr, MS_BIND | MS_REC, nullptr) != 0) return errno;
    *step = "mount: read-only";
    MountAttr ro{kMountAttrReadOnly, 0, 0, 0};
    if (syscall(SYS_mount_setattr, AT_FDCWD, "/", kAtRecursive, &ro, sizeof ro) != 0) return errno;
    *step = "mount: writable run folder";
    MountAttr rw{0, kMountAttrReadOnly, 0, 0};
    for (const auto& w : limits.writable)
      if (syscall(SYS_mount_setattr, AT_FDCWD, w.c_str(), kAtRecursive, &rw, sizeof rw) != 0) return errno;
    // A private, empty /tmp and /dev/shm, unless the run folder lies below one of them:
    // then that one stays read-only (but the run folder), and TMPDIR points at the run folder.
    for (const char* point : {"/tmp", "/dev/shm"}) {
      const size_t n = strlen(point);
      bool holds_writable = false;
      for (const auto& w : limits.writable)
        holds_writable = holds_writable || (strncmp(w.c_str(), point, n) == 0 && (w[n] == '/' || w[n] == 0));
      if (holds_writable || access(point, F_OK) != 0) continue;
      *step = "mount: private /tmp";
      if (mount("tmpfs", point, "tmpfs", MS_NOSUID | MS_NODEV, "size=64m,mode=1777") != 0) return errno;
    }
    // Only a speed-up (see CanHideSystemDebugInfo): a refusal is not the sandbox's failure.
    if (hide_debug_info) MountEmptyOver(kSystemDebugDir);
  } else if (limits.no_network) {
    *step = "network namespace";
    if (unshare(CLONE_NEWNET) != 0) return errno;
  }
  return DropPrivileges(limits.uid, limits.gid, step);
}

void ApplySandboxRlimits(const SandboxLimits& limits) {
  if (!limits.enabled) return;
  if (limits.cpu_seconds > 0) {
    const rlim_t soft = rlim_t(limits.cpu_seconds + 0.999);
    rlimit cpu{soft, soft + 2};  // SIGXCPU at the soft limit, SIGKILL two seconds later
    setrlimit(RLIMIT_CPU, &cpu);
  }
  if (limits.file_size > 0) {
    rlimit fsize{limits.file_size, limits.file_size};
    setrlimit(RLIMIT_FSIZE, &fsize);
  }
  if (limits.address_space > 0) {
    rlimit as{limits.address_space, limits.address_space};
    setrlimit(RLIMIT_AS, &as);
  }
  if (limits.uid != 0 && limits.pids > 0) {
    // A user of its own: RLIMIT_NPROC counts exactly this check's processes and threads,
    // a cap that holds even where no pids cgroup does.
    // Above the cgroup's cap, so that where both hold the cgroup's (which reports it) comes first.
    rlimit nproc{rlim_t(limits.pids) + 64, rlim_t(limits.pids) + 64};
    setrlimit(RLIMIT_NPROC, &nproc);
  }
}

}  // namespace threadlings
