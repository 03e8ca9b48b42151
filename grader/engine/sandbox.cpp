// What this machine allows of the sandbox (the probe), the protections described for reports,
// and the user of its own a check runs as.
#include "sandbox.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/wait.h>
#include <grp.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

#include <fmt/core.h>

#include "sandbox_cgroup.h"

namespace threadlings {
namespace {

namespace fs = std::filesystem;

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
    return s;
  }();
  return support;
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
