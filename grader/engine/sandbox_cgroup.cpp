// The cgroup side of the sandbox: this grader's parent cgroups (probed and made once) and the
// jail of one check under them.
#include "sandbox_cgroup.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "cgroup_cleanup.h"
#include "kit.h"

namespace threadlings {
namespace {

namespace fs = std::filesystem;

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
  TrackCgroup(parent);
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
  TrackCgroup(parent);
  return parent;
}

std::atomic<unsigned> g_jail_counter{0};

}  // namespace

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
    TrackCgroup(dir);  // removed on Ctrl-C or exit too, should this jail not get to Remove()
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
    bool gone = false;
    for (int i = 0; i < 100 && !gone; ++i) {
      gone = rmdir(dir.c_str()) == 0 || errno == ENOENT;
      if (!gone && errno != EBUSY) break;
      if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (gone) UntrackCgroup(dir);  // else the exit's cleanup tries again
  }
  dirs_.clear();
}

}  // namespace threadlings
