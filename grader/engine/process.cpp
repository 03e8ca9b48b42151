#include "process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

extern char** environ;

namespace threadlings {
namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string> BuildEnv(const ProcessSpec& spec) {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string entry = *e;
    const std::string key = entry.substr(0, entry.find('='));
    bool drop = spec.env.count(key) > 0;
    for (const auto& u : spec.unset_env) drop = drop || u == key;
    if (!drop) env.push_back(entry);
  }
  for (const auto& [k, v] : spec.env) env.push_back(k + "=" + v);
  return env;
}

// What failed in the child before exec, reported with its errno.
enum ChildStep : int { kStepChdir = 1, kStepExec, kStepCgroup, kStepNamespaces, kStepHideDebugInfo };

[[noreturn]] void ChildFailed(int err_fd, int step) {
  const int report[2] = {errno, step};
  (void)!write(err_fd, report, sizeof report);
  _exit(127);
}

// In the child, after fork(): set up and exec; reports errno and the step through `err_fd`
// on failure.
[[noreturn]] void ExecChild(const ProcessSpec& spec, const std::vector<std::string>& env,
                            int out_fd, int err_fd, const CgroupJail* jail, bool hide_debug_info) {
  setpgid(0, 0);
  if (jail && !jail->Join()) ChildFailed(err_fd, kStepCgroup);
  if (spec.sandbox.enabled) {
    const char* step = "";
    if (const int e = EnterSandboxNamespaces(spec.sandbox, &step, hide_debug_info); e != 0) {
      errno = e;
      ChildFailed(err_fd, kStepNamespaces);
    }
    ApplySandboxRlimits(spec.sandbox);
  } else if (hide_debug_info) {
    // -1: not hidden, but the process is as it was: run it so.
    if (const int e = HideSystemDebugInfo(); e > 0) {
      errno = e;
      ChildFailed(err_fd, kStepHideDebugInfo);
    }
  }
  signal(SIGPIPE, SIG_DFL);
  int devnull = open("/dev/null", O_RDONLY);
  if (devnull >= 0) dup2(devnull, 0);
  dup2(out_fd, 1);
  dup2(out_fd, 2);
  rlimit no_core{0, 0};
  setrlimit(RLIMIT_CORE, &no_core);
  if (spec.no_aslr) personality(ADDR_NO_RANDOMIZE);
  if (!spec.cwd.empty() && chdir(spec.cwd.c_str()) != 0) ChildFailed(err_fd, kStepChdir);
  std::vector<char*> argv, envp;
  for (const auto& a : spec.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  execvpe(argv[0], argv.data(), envp.data());
  ChildFailed(err_fd, kStepExec);
}

// utime + stime of one process (all its threads), in clock ticks; -1 if gone.
long CpuTicks(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  if (!std::getline(stat, text)) return -1;
  // Fields after the command name, which is in parentheses and may contain spaces.
  const auto close = text.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream rest(text.substr(close + 2));
  std::string field;
  long utime = 0, stime = 0;
  for (int i = 3; rest >> field; ++i) {
    if (i == 14) utime = std::stol(field);
    if (i == 15) {
      stime = std::stol(field);
      break;
    }
  }
  return utime + stime;
}

// True when some thread of `pid` is in state R (running, or runnable and waiting for a CPU).
// Unlike CPU time, this does not depend on how busy the machine is.
bool AnyThreadRunnable(pid_t pid) {
  std::error_code ec;
  for (const auto& task : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
    std::ifstream stat(task.path() / "stat");
    std::string text;
    if (!std::getline(stat, text)) continue;
    const auto close = text.rfind(')');
    if (close != std::string::npos && close + 2 < text.size() && text[close + 2] == 'R') return true;
  }
  return false;
}

// Spinning or blocked, from half a second of watching: CPU time used, and how often a thread
// was runnable. On a machine so busy that a spinning process gets under a fifth of a core,
// its threads are still seen runnable in nearly every sample; blocked threads almost never.
// `wait_until` must keep reading the output meanwhile: a check that prints without end would
// otherwise block on the full pipe and look deadlocked.
void Classify(pid_t pid, ProcessResult* r, const std::function<void(Clock::time_point)>& wait_until) {
  constexpr auto kSample = std::chrono::milliseconds(500);
  constexpr int kSamples = 20;
  const long before = CpuTicks(pid);
  const auto start = Clock::now();
  int runnable = 0;
  for (int i = 0; i < kSamples; ++i) {
    if (AnyThreadRunnable(pid)) ++runnable;
    wait_until(start + kSample * (i + 1) / kSamples);
  }
  const long after = CpuTicks(pid);
  if (before < 0 || after < 0) {
    r->hang = HangKind::kBlocked;
    return;
  }
  const double seconds = double(after - before) / double(sysconf(_SC_CLK_TCK));
  r->cpu_share = seconds / std::chrono::duration<double>(Clock::now() - start).count();
  r->runnable_share = double(runnable) / kSamples;
  r->hang = r->cpu_share > 0.2 || r->runnable_share >= 0.5 ? HangKind::kSpinning : HangKind::kBlocked;
}

std::string CollectStacks(pid_t pid) {
  ProcessSpec gdb;
  // sysroot "/": read the binaries from our own view of the filesystem. A check runs in a
  // mount namespace of its own (the sandbox's, or the one that hides /usr/lib/debug), where
  // gdb's default ("target:") would enter the check's namespace, which only root may do; the
  // files gdb needs are the same in both.
  gdb.argv = {"gdb", "-batch", "-nx", "-iex", "set sysroot /", "-p", std::to_string(pid),
              "-ex", "set pagination off", "-ex", "thread apply all bt"};
  gdb.timeout = std::chrono::seconds(20);
  gdb.output_cap = 256 * 1024;
  ProcessResult r = RunProcess(gdb);
  if (!r.started) return "";
  return r.output;
}

void KillGroupAndReap(pid_t pgid) {
  kill(-pgid, SIGKILL);
  // Reap the group's members that were re-parented to us (we are a subreaper).
  for (int i = 0; i < 200; ++i) {
    int status;
    const pid_t p = waitpid(-pgid, &status, WNOHANG);
    if (p > 0) continue;
    if (p < 0 && errno == ECHILD) break;
    if (kill(-pgid, 0) != 0 && errno == ESRCH) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

// Process groups of the children running now, so that Ctrl-C (or SIGTERM) of threadlings
// takes them down too: they are in groups of their own and do not get the terminal's signal.
constexpr int kMaxActive = 8;
std::atomic<pid_t> g_active[kMaxActive];

std::atomic<const struct termios*> g_saved_terminal{nullptr};
std::atomic<int> g_terminal_fd{-1};

void OnInterrupt(int sig) {
  if (const struct termios* t = g_saved_terminal.load(); t && g_terminal_fd.load() >= 0)
    tcsetattr(g_terminal_fd.load(), TCSANOW, t);
  for (auto& pgid : g_active) {
    const pid_t p = pgid.load();
    if (p > 0) kill(-p, SIGKILL);
  }
  signal(sig, SIG_DFL);
  raise(sig);
}

}  // namespace

void RestoreTerminalOnInterrupt(int fd, const struct termios* saved) {
  g_terminal_fd.store(fd);
  g_saved_terminal.store(saved);
}

void InstallInterruptHandlers() {
  static const bool installed = [] {
    struct sigaction sa {};
    sa.sa_handler = OnInterrupt;
    sigemptyset(&sa.sa_mask);
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaction(sig, &sa, nullptr);
    return true;
  }();
  (void)installed;
}

namespace {

// Registers a running group for the interrupt handler while in scope.
class ActiveGroup {
 public:
  explicit ActiveGroup(pid_t pgid) {
    for (auto& slot : g_active) {
      pid_t empty = 0;
      if (slot.compare_exchange_strong(empty, pgid)) {
        slot_ = &slot;
        return;
      }
    }
  }
  ~ActiveGroup() {
    if (slot_) slot_->store(0);
  }

 private:
  std::atomic<pid_t>* slot_ = nullptr;
};

}  // namespace

namespace {

// `name` as execvp would find it: itself when it holds a '/', else the first match in $PATH.
std::string FindInPath(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return name;
}

}  // namespace

void BecomeSubreaper() { prctl(PR_SET_CHILD_SUBREAPER, 1); }

ProcessResult RunProcess(const ProcessSpec& spec) {
  // Orphaned grandchildren must come to us, not to init, so that KillGroupAndReap can
  // collect them: a zombie still counts as a member of the group.
  static const bool subreaper = [] {
    BecomeSubreaper();
    InstallInterruptHandlers();
    return true;
  }();
  (void)subreaper;
  ProcessResult r;
  const auto start = Clock::now();
  // The sandbox as far as this machine allows it (DescribeSandbox reports the rest).
  ProcessSpec sandboxed;
  const ProcessSpec* run = &spec;
  CgroupJail jail;
  bool jailed = false;
  if (spec.sandbox.enabled) {
    const SandboxSupport& support = ProbeSandbox();
    sandboxed = spec;
    sandboxed.sandbox.read_only_fs = spec.sandbox.read_only_fs && support.mountns;
    sandboxed.sandbox.no_network = spec.sandbox.no_network && support.netns;
    run = &sandboxed;
    // A user of its own, when we are root and it can reach its program; it owns its run folder.
    // (When it cannot, `grade` has already reported the protection as not in force.)
    std::string why;
    if (spec.sandbox.separate_user && geteuid() == 0 && SandboxUserCanRun(FindInPath(spec.argv[0]), &why)) {
      sandboxed.sandbox.uid = NextSandboxUid();
      sandboxed.sandbox.gid = sandboxed.sandbox.uid;
      for (const auto& w : sandboxed.sandbox.writable)
        if (chown(w.c_str(), sandboxed.sandbox.uid, sandboxed.sandbox.gid) != 0) {
          r.error = "cannot hand the folder " + w + " to the check's user: " + std::strerror(errno);
          return r;
        }
    }
    if (support.cgroup != SandboxSupport::Cgroup::kNone &&
        (spec.sandbox.memory_bytes > 0 || spec.sandbox.pids > 0)) {
      std::string err;
      if (!jail.Create(spec.sandbox, &err)) {
        r.error = "cannot set up the sandbox: " + err;
        return r;
      }
      jailed = true;
    }
  }
  const std::vector<std::string> env = BuildEnv(*run);
  int out[2], err[2];
  if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) {
    r.error = std::string("cannot create a pipe: ") + std::strerror(errno);
    return r;
  }
  // Probed (once) before the fork: the child may only make async-signal-safe calls.
  const bool hide_debug_info = run->hide_system_debug_info && CanHideSystemDebugInfo();
  const pid_t pid = fork();
  if (pid < 0) {
    r.error = std::string("cannot fork: ") + std::strerror(errno);
    return r;
  }
  if (pid == 0) ExecChild(*run, env, out[1], err[1], jailed ? &jail : nullptr, hide_debug_info);
  setpgid(pid, pid);  // also in the parent, so the group exists before we could kill it
  ActiveGroup active(pid);
  close(out[1]);
  close(err[1]);
  int failure[2] = {0, 0};
  if (read(err[0], failure, sizeof failure) == sizeof failure) {
    close(err[0]);
    close(out[0]);
    waitpid(pid, nullptr, 0);
    const char* what = failure[1] == kStepChdir        ? "cannot enter the folder '"
                       : failure[1] == kStepCgroup     ? "cannot put into its cgroup '"
                       : failure[1] == kStepNamespaces ? "cannot set up the sandbox's namespaces for '"
                       : failure[1] == kStepHideDebugInfo
                           ? "cannot hide /usr/lib/debug (a user and mount namespace) for '"
                                                       : "cannot run '";
    r.error = what + (failure[1] == kStepChdir ? spec.cwd : spec.argv[0]) + "': " + std::strerror(failure[0]);
    return r;
  }
  close(err[0]);
  r.started = true;
  fcntl(out[0], F_SETFL, O_NONBLOCK);

  const auto deadline = start + spec.timeout;
  bool exited = false, eof = false;
  int status = 0;
  auto drain = [&] {
    char buf[65536];
    for (int reads = 0; reads < 64; ++reads) {  // bounded: a flooding child must not starve the watchdog
      const ssize_t n = read(out[0], buf, sizeof buf);
      if (n > 0) {
        const size_t keep = std::min(spec.output_cap - r.output.size(), size_t(n));
        r.output.append(buf, keep);
        r.output_dropped += size_t(n) - keep;
        continue;
      }
      if (n == 0) eof = true;
      return;
    }
  };
  while (!exited) {
    pollfd p{out[0], POLLIN, 0};
    if (!eof) poll(&p, 1, 20);
    else std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (!eof) drain();
    if (waitpid(pid, &status, WNOHANG) == pid) {
      exited = true;
      break;
    }
    if (!spec.stop_file.empty() && access(spec.stop_file.c_str(), F_OK) == 0) {
      r.stopped_on_request = true;
      if (spec.stacks_on_hang) r.stacks = CollectStacks(pid);
      kill(-pid, SIGKILL);
      waitpid(pid, &status, 0);
      break;
    }
    if (Clock::now() >= deadline) {
      r.timed_out = true;
      Classify(pid, &r, [&](Clock::time_point until) {
        for (auto now = Clock::now(); !eof && now < until; now = Clock::now()) {
          pollfd p{out[0], POLLIN, 0};
          poll(&p, 1, int(std::chrono::ceil<std::chrono::milliseconds>(until - now).count()));
          drain();
        }
        std::this_thread::sleep_until(until);
      });
      if (spec.stacks_on_hang) r.stacks = CollectStacks(pid);
      kill(-pid, SIGKILL);
      waitpid(pid, &status, 0);
      break;
    }
  }
  KillGroupAndReap(pid);
  if (jailed) {
    // Whatever left the process group (setsid, a double fork) is still in the cgroup.
    jail.KillAll();
    r.memory_limit_hit = jail.HitMemoryLimit();
    r.pids_limit_hit = jail.HitPidsLimit();
    jail.Remove();
  }
  // What the group wrote before it died is still in the pipe.
  const auto drain_until = Clock::now() + std::chrono::milliseconds(200);
  while (!eof && Clock::now() < drain_until) {
    pollfd p{out[0], POLLIN, 0};
    poll(&p, 1, 10);
    drain();
  }
  close(out[0]);
  if (!r.timed_out && !r.stopped_on_request) {
    if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  }
  r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return r;
}

std::string DescribeEnding(const ProcessResult& r, const ProcessSpec& spec) {
  if (!r.started) return r.error;
  if (r.timed_out) {
    const auto secs = std::chrono::duration<double>(spec.timeout).count();
    std::ostringstream s;
    s << "timed out after " << secs << " s ("
      << (r.hang == HangKind::kSpinning ? "threads were spinning on the CPU"
                                        : "threads were blocked, using no CPU")
      << ")";
    return s.str();
  }
  if (r.signal) return std::string("killed by ") + (sigabbrev_np(r.signal) ? "SIG" : "") +
                       (sigabbrev_np(r.signal) ? sigabbrev_np(r.signal) : std::to_string(r.signal));
  return "exit code " + std::to_string(r.exit_code);
}

}  // namespace threadlings
