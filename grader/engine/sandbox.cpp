#include "sandbox.h"

#include <fcntl.h>
#include <linux/capability.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <grp.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include <fmt/core.h>

#include "kit.h"

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

bool WriteText(const std::string& path, const std::string& text) {
  const int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = write(fd, text.data(), text.size()) == ssize_t(text.size());
  close(fd);
  return ok;
}

std::string ReadText(const std::string& path) {
  std::string text;
  ReadFile(path, &text);
  return text;
}

bool Exists(const std::string& path) { return access(path.c_str(), F_OK) == 0; }

// "key N" in a flat-keyed cgroup file (memory.events, pids.events, memory.oom_control).
long KeyedValue(const std::string& text, const std::string& key) {
  std::istringstream in(text);
  std::string k;
  long v;
  while (in >> k >> v)
    if (k == key) return v;
  return -1;
}

struct Mounts {
  std::string v2;                // mount point of cgroup2
  std::string v1_memory, v1_pids;  // mount points of the v1 hierarchies
};

Mounts FindCgroupMounts() {
  Mounts m;
  std::ifstream in("/proc/self/mountinfo");
  std::string line;
  while (std::getline(in, line)) {
    // "36 25 0:31 / /sys/fs/cgroup/memory rw,... shared:15 - cgroup cgroup rw,memory"
    std::istringstream f(line);
    std::string id, parent, dev, root, point, field;
    f >> id >> parent >> dev >> root >> point;
    while (f >> field && field != "-") {
    }
    std::string type, source, options;
    f >> type >> source >> options;
    if (type == "cgroup2" && m.v2.empty()) m.v2 = point;
    if (type == "cgroup") {
      std::istringstream opts(options);
      std::string o;
      while (std::getline(opts, o, ',')) {
        if (o == "memory" && m.v1_memory.empty()) m.v1_memory = point;
        if (o == "pids" && m.v1_pids.empty()) m.v1_pids = point;
      }
    }
  }
  return m;
}

// Our own cgroup path in a hierarchy: "0::/x" for v2 (controller ""), "4:memory:/x" for v1.
std::string OwnCgroup(const std::string& controller) {
  std::ifstream in("/proc/self/cgroup");
  std::string line;
  while (std::getline(in, line)) {
    const auto a = line.find(':'), b = line.find(':', a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;
    const std::string ctrls = line.substr(a + 1, b - a - 1);
    std::istringstream list(ctrls);
    std::string c;
    bool match = controller.empty() ? ctrls.empty() : false;
    while (!controller.empty() && std::getline(list, c, ','))
      match = match || c == controller;
    if (match) return line.substr(b + 1);
  }
  return "";
}

std::string ParentName() { return "threadlings-" + std::to_string(getpid()); }

// Removes leftovers of graders that died without cleaning up: empty check groups of pids no
// longer alive.
void RemoveStale(const std::string& base) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(base, ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("threadlings-", 0) != 0) continue;
    const std::string pid = name.substr(12);
    if (pid.empty() || pid.find_first_not_of("0123456789") != std::string::npos) continue;
    if (kill(std::stoi(pid), 0) == 0 || errno != ESRCH) continue;
    for (const auto& c : fs::directory_iterator(e.path(), ec))
      if (c.is_directory()) rmdir(c.path().c_str());
    rmdir(e.path().c_str());
  }
}

// Makes <base>/threadlings-<pid> with the memory and pids controllers available to its
// children; "" if it cannot.
std::string MakeV2Parent(const std::string& base, std::string* why) {
  auto has = [](const std::string& controllers, const char* c) {
    std::istringstream in(controllers);
    std::string w;
    while (in >> w)
      if (w == c) return true;
    return false;
  };
  std::string ctl = ReadText(base + "/cgroup.subtree_control");
  if (!has(ctl, "memory") || !has(ctl, "pids")) {
    WriteText(base + "/cgroup.subtree_control", "+memory +pids");
    ctl = ReadText(base + "/cgroup.subtree_control");
  }
  if (!has(ctl, "memory") || !has(ctl, "pids")) {
    const std::string available = ReadText(base + "/cgroup.controllers");
    *why = base + " does not hand the memory and pids controllers to its children" +
           (has(available, "memory") ? " (it holds processes; run threadlings in a delegated cgroup)" : "");
    return "";
  }
  RemoveStale(base);
  const std::string parent = base + "/" + ParentName();
  if (mkdir(parent.c_str(), 0755) != 0 && errno != EEXIST) {
    *why = "cannot create " + parent + ": " + std::strerror(errno);
    return "";
  }
  if (!WriteText(parent + "/cgroup.subtree_control", "+memory +pids")) {
    *why = "cannot enable memory and pids in " + parent + ": " + std::strerror(errno);
    rmdir(parent.c_str());
    return "";
  }
  return parent;
}

std::string MakeV1Parent(const std::string& mount, const std::string& controller,
                         const char* limit_file, std::string* why) {
  if (mount.empty()) {
    *why = "no cgroup v1 " + controller + " hierarchy is mounted";
    return "";
  }
  const std::string base = mount + OwnCgroup(controller);
  RemoveStale(base);
  const std::string parent = base + "/" + ParentName();
  if (mkdir(parent.c_str(), 0755) != 0 && errno != EEXIST) {
    *why = "cannot create " + parent + ": " + std::strerror(errno);
    return "";
  }
  if (!Exists(parent + "/" + limit_file)) {
    *why = parent + " has no " + limit_file;
    rmdir(parent.c_str());
    return "";
  }
  return parent;
}

void RemoveParents() {
  const SandboxSupport& s = ProbeSandbox();
  if (!s.memory_parent.empty()) rmdir(s.memory_parent.c_str());
  if (!s.pids_parent.empty() && s.pids_parent != s.memory_parent) rmdir(s.pids_parent.c_str());
}

void ProbeCgroups(SandboxSupport* s) {
  const Mounts m = FindCgroupMounts();
  std::string why_v2 = "no cgroup2 file system is mounted";
  if (!m.v2.empty()) {
    // Our own cgroup first (a delegated subtree), then the root (exempt from the rule that a
    // cgroup holding processes cannot hand controllers down).
    for (const std::string& base : {m.v2 + OwnCgroup(""), m.v2}) {
      const std::string parent = MakeV2Parent(fs::path(base).lexically_normal().string(), &why_v2);
      if (!parent.empty()) {
        s->cgroup = SandboxSupport::Cgroup::kV2;
        s->memory_parent = s->pids_parent = parent;
        s->cgroup_note = "cgroup v2 at " + parent;
        return;
      }
    }
  }
  std::string why_mem, why_pids;
  s->memory_parent = MakeV1Parent(m.v1_memory, "memory", "memory.limit_in_bytes", &why_mem);
  s->pids_parent = MakeV1Parent(m.v1_pids, "pids", "pids.max", &why_pids);
  if (!s->memory_parent.empty() || !s->pids_parent.empty()) {
    s->cgroup = SandboxSupport::Cgroup::kV1;
    s->cgroup_note = "cgroup v1";
    if (s->memory_parent.empty()) s->cgroup_note += "; no memory controller: " + why_mem;
    if (s->pids_parent.empty()) s->cgroup_note += "; no pids controller: " + why_pids;
    return;
  }
  s->cgroup_note = "no usable cgroup: " + why_v2 + "; " + why_mem + "; " + why_pids;
}

// Tries the namespaces in a child process, as a check would get them.
void ProbeNamespaces(SandboxSupport* s) {
  std::error_code ec;
  const fs::path tmp = fs::temp_directory_path(ec) / ("threadlings-probe-" + std::to_string(getpid()));
  fs::create_directories(tmp / "rw", ec);
  SandboxLimits limits;
  limits.enabled = true;
  limits.writable = {(tmp / "rw").string()};
  for (const bool net : {true, false}) {
    limits.no_network = net;
    const std::string inside = (tmp / "rw" / "x").string(), outside = (tmp / "y").string();
    const pid_t pid = fork();
    if (pid == 0) {
      const char* step = "";
      // 11: unshare refused; 12: a later step (a mount, dropping privileges) failed.
      if (EnterSandboxNamespaces(limits, &step) != 0) _exit(strstr(step, "namespace") ? 11 : 12);
      // Writing its own folder works, writing next to it does not.
      const int ok = open(inside.c_str(), O_WRONLY | O_CREAT, 0644);
      const int bad = open(outside.c_str(), O_WRONLY | O_CREAT, 0644);
      _exit(ok >= 0 && bad < 0 ? 0 : 20);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (code == 0) {
      s->mountns = true;
      s->netns = net;
      if (!net) s->netns_note = "cannot create a network namespace (unshare(CLONE_NEWNET) refused)";
      break;
    }
    if (code == 20) {
      s->mountns_note = "a mount namespace was created but the read-only view did not hold";
    } else {
      s->mountns_note = "cannot create a mount namespace (unshare(CLONE_NEWNS) or mount refused; needs root or user namespaces)";
    }
    if (code == 11) s->netns_note = "cannot create a network namespace (unshare(CLONE_NEWNET) refused)";
  }
  if (!s->mountns && s->netns_note.empty()) {
    // Without the mount namespace, a network namespace alone.
    const pid_t pid = fork();
    if (pid == 0) _exit(unshare(CLONE_NEWNET) == 0 ? 0 : 1);
    int status = 0;
    waitpid(pid, &status, 0);
    s->netns = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (!s->netns) s->netns_note = "cannot create a network namespace (unshare(CLONE_NEWNET) refused)";
  }
  fs::remove_all(tmp, ec);
}

std::atomic<unsigned> g_jail_counter{0};

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

std::atomic<unsigned> g_uid_counter{0};

}  // namespace

std::string FormatBytes(uint64_t bytes) {
  constexpr uint64_t kMiB = 1024 * 1024, kGiB = kMiB * 1024;
  if (bytes >= kGiB && bytes % kGiB == 0) return fmt::format("{} GiB", bytes / kGiB);
  if (bytes >= kMiB) return fmt::format("{} MiB", bytes / kMiB);
  return fmt::format("{} bytes", bytes);
}

const SandboxSupport& ProbeSandbox() {
  static const SandboxSupport support = [] {
    SandboxSupport s;
    ProbeCgroups(&s);
    ProbeNamespaces(&s);
    if (s.cgroup != SandboxSupport::Cgroup::kNone) std::atexit(RemoveParents);
    return s;
  }();
  return support;
}

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

std::vector<Protection> DescribeSandbox(const SandboxLimits& limits, double wall_seconds,
                                        size_t output_cap) {
  const SandboxSupport& s = ProbeSandbox();
  std::vector<Protection> out;
  out.push_back({"wall-clock", true, fmt::format("each check's own timeout (at most {:g} s here)", wall_seconds)});
  if (limits.cpu_seconds > 0)
    out.push_back({"cpu-time", true, fmt::format("{:g} s of CPU per process (RLIMIT_CPU)", limits.cpu_seconds)});
  else
    out.push_back({"cpu-time", true,
                   fmt::format("each check's timeout times the {} cores, plus 5 s, of CPU per process (RLIMIT_CPU; at "
                               "most {:g} s here)",
                               std::max(1u, std::thread::hardware_concurrency()), SandboxCpuSeconds(wall_seconds))});
  out.push_back({"no-core-files", true, "RLIMIT_CORE 0"});
  out.push_back({"output-cap", true, fmt::format("stdout and stderr read up to {}, the rest dropped", FormatBytes(output_cap))});
  if (limits.file_size > 0)
    out.push_back({"file-size", true, fmt::format("files up to {} (RLIMIT_FSIZE)", FormatBytes(limits.file_size))});
  out.push_back({"process-group-kill", true,
                 "the check's process group is killed at the end, and orphans come back to the grader (subreaper)"});
  const std::string kind = s.cgroup == SandboxSupport::Cgroup::kV2 ? "cgroup v2" : "cgroup v1";
  if (limits.memory_bytes == 0)
    out.push_back({"memory", false, "no memory limit was asked for"});
  else if (!s.memory_parent.empty())
    out.push_back({"memory", true, FormatBytes(limits.memory_bytes) + ", swap included (" + kind + ")"});
  else
    out.push_back({"memory", false, "not enforced: " + s.cgroup_note});
  if (limits.pids == 0)
    out.push_back({"pids", false, "no cap on processes was asked for"});
  else if (!s.pids_parent.empty())
    out.push_back({"pids", true, fmt::format("at most {} processes and threads ({}); every process in it is killed at the end", limits.pids, kind)});
  else
    out.push_back({"pids", false, "not enforced: " + s.cgroup_note});
  if (!limits.no_network)
    out.push_back({"network", false, "network isolation was not asked for"});
  else if (s.netns)
    out.push_back({"network", true, "a new network namespace with no interfaces up"});
  else
    out.push_back({"network", false, "not enforced: " + s.netns_note});
  if (!limits.separate_user)
    out.push_back({"user", false, "a user of its own was not asked for"});
  else if (geteuid() == 0)
    out.push_back({"user", true, "each check runs as a user of its own (no capabilities), so it cannot signal the "
                                 "grader or other checks; RLIMIT_NPROC caps its processes and threads"});
  else
    out.push_back({"user", false, "not enforced: threadlings is not running as root, so checks run as the grader's "
                                  "user and could signal its other processes"});
  if (!limits.read_only_fs)
    out.push_back({"filesystem", false, "a read-only filesystem was not asked for"});
  else if (s.mountns)
    out.push_back({"filesystem", true, "everything read-only but the check's own folder; a private /tmp and /dev/shm"});
  else
    out.push_back({"filesystem", false, "not enforced: " + s.mountns_note});
  return out;
}

CgroupJail::~CgroupJail() { Remove(); }

bool CgroupJail::Create(const SandboxLimits& limits, std::string* err) {
  const SandboxSupport& s = ProbeSandbox();
  v2_ = s.cgroup == SandboxSupport::Cgroup::kV2;
  const std::string name = "check-" + std::to_string(g_jail_counter.fetch_add(1));
  auto make = [&](const std::string& parent) -> std::string {
    const std::string dir = parent + "/" + name;
    if (mkdir(dir.c_str(), 0755) != 0) {
      *err = "cannot create the cgroup " + dir + ": " + std::strerror(errno);
      return "";
    }
    dirs_.push_back(dir);
    return dir;
  };
  if (limits.memory_bytes > 0 && !s.memory_parent.empty()) {
    memory_dir_ = make(s.memory_parent);
    if (memory_dir_.empty()) return false;
    const std::string bytes = std::to_string(limits.memory_bytes);
    bool ok;
    if (v2_) {
      ok = WriteText(memory_dir_ + "/memory.max", bytes);
      if (Exists(memory_dir_ + "/memory.swap.max")) WriteText(memory_dir_ + "/memory.swap.max", "0");
    } else {
      ok = WriteText(memory_dir_ + "/memory.limit_in_bytes", bytes);
      if (Exists(memory_dir_ + "/memory.memsw.limit_in_bytes"))
        WriteText(memory_dir_ + "/memory.memsw.limit_in_bytes", bytes);
    }
    if (!ok) {
      *err = "cannot set the memory limit in " + memory_dir_ + ": " + std::strerror(errno);
      return false;
    }
  }
  if (limits.pids > 0 && !s.pids_parent.empty()) {
    if (v2_ && !memory_dir_.empty()) {
      pids_dir_ = memory_dir_;
    } else {
      pids_dir_ = make(s.pids_parent);
      if (pids_dir_.empty()) return false;
    }
    if (!WriteText(pids_dir_ + "/pids.max", std::to_string(limits.pids))) {
      *err = "cannot set pids.max in " + pids_dir_ + ": " + std::strerror(errno);
      return false;
    }
  }
  for (const auto& dir : dirs_) {
    const int fd = open((dir + "/cgroup.procs").c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
      *err = "cannot open " + dir + "/cgroup.procs: " + std::strerror(errno);
      return false;
    }
    procs_fds_.push_back(fd);
  }
  return true;
}

bool CgroupJail::Join() const {
  for (const int fd : procs_fds_)
    if (write(fd, "0", 1) != 1) return false;
  return true;
}

void CgroupJail::KillAll() {
  if (dirs_.empty()) return;
  if (v2_) WriteText(dirs_.front() + "/cgroup.kill", "1");
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < until) {
    bool empty = true;
    for (const auto& dir : dirs_) {
      std::istringstream procs(ReadText(dir + "/cgroup.procs"));
      pid_t pid;
      while (procs >> pid) {
        empty = false;
        kill(pid, SIGKILL);
        waitpid(pid, nullptr, WNOHANG);  // ours when it was orphaned (we are a subreaper)
      }
    }
    if (empty) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

bool CgroupJail::HitMemoryLimit() const {
  if (memory_dir_.empty()) return false;
  if (v2_) return KeyedValue(ReadText(memory_dir_ + "/memory.events"), "oom_kill") > 0;
  const long kills = KeyedValue(ReadText(memory_dir_ + "/memory.oom_control"), "oom_kill");
  if (kills >= 0) return kills > 0;
  return std::atol(ReadText(memory_dir_ + "/memory.failcnt").c_str()) > 0;
}

bool CgroupJail::HitPidsLimit() const {
  return !pids_dir_.empty() && KeyedValue(ReadText(pids_dir_ + "/pids.events"), "max") > 0;
}

void CgroupJail::Remove() {
  for (const int fd : procs_fds_) close(fd);
  procs_fds_.clear();
  for (const auto& dir : dirs_) {
    // A cgroup can be removed once its last process is gone; that takes a moment after a kill.
    for (int i = 0; i < 100 && rmdir(dir.c_str()) != 0 && errno == EBUSY; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  dirs_.clear();
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
  if (limits.uid != 0 && limits.pids > 0) {
    // A user of its own: RLIMIT_NPROC counts exactly this check's processes and threads,
    // a cap that holds even where no pids cgroup does.
    // Above the cgroup's cap, so that where both hold the cgroup's (which reports it) comes first.
    rlimit nproc{rlim_t(limits.pids) + 64, rlim_t(limits.pids) + 64};
    setrlimit(RLIMIT_NPROC, &nproc);
  }
}

double SandboxCpuSeconds(double timeout_seconds) {
  return timeout_seconds * std::max(1u, std::thread::hardware_concurrency()) + 5;
}

uid_t NextSandboxUid() {
  // Far above any real account; unique per check of this grader, and apart from other graders'.
  constexpr uid_t kBase = 1'900'000'000;
  return kBase + uid_t(getpid() % 100'000) * 1000 + g_uid_counter.fetch_add(1) % 1000;
}

bool SandboxUserCanRun(const std::string& file, std::string* why) {
  static std::mutex mutex;
  static std::map<std::string, std::pair<bool, std::string>> cache;
  const std::string dir = fs::path(file).parent_path().string();
  std::lock_guard lock(mutex);
  if (auto it = cache.find(dir); it != cache.end()) {
    *why = it->second.second;
    return it->second.first;
  }
  const uid_t uid = NextSandboxUid();
  const pid_t pid = fork();
  if (pid == 0) {
    if (setgroups(0, nullptr) != 0 || setresgid(uid, uid, uid) != 0 || setresuid(uid, uid, uid) != 0) _exit(2);
    _exit(access(file.c_str(), R_OK | X_OK) == 0 ? 0 : 1);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 2;
  std::string reason;
  if (code == 1)
    reason = "a user of its own cannot reach " + file +
             " (a parent folder is private): move the kit, or set THREADLINGS_HOME to a folder others can read";
  else if (code == 2)
    reason = "cannot switch to another user";
  cache[dir] = {code == 0, reason};
  *why = reason;
  return code == 0;
}

}  // namespace threadlings
