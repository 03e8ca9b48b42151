#include "process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <sstream>
#include <thread>

#include "cgroup_cleanup.h"
#include "hang.h"
#include "spawn.h"

namespace threadlings {
namespace {

using Clock = std::chrono::steady_clock;


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
  RemoveTrackedCgroups();  // the checks' cgroups and this grader's parents (no atexit on a signal)
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

// The child's stdout and stderr (non-blocking), read into the result up to the cap.
class OutputPipe {
 public:
  OutputPipe(int fd, size_t cap, ProcessResult* r) : fd_(fd), cap_(cap), r_(r) {}
  ~OutputPipe() { close(fd_); }
  OutputPipe(const OutputPipe&) = delete;
  OutputPipe& operator=(const OutputPipe&) = delete;

  bool eof() const { return eof_; }

  // Reads what is there; bounded: a flooding child must not starve the watchdog.
  void Drain() {
    char buf[65536];
    for (int reads = 0; reads < 64; ++reads) {
      const ssize_t n = read(fd_, buf, sizeof buf);
      if (n > 0) {
        const size_t keep = std::min(cap_ - r_->output.size(), size_t(n));
        r_->output.append(buf, keep);
        r_->output_dropped += size_t(n) - keep;
        continue;
      }
      if (n == 0) eof_ = true;
      return;
    }
  }

  // Waits up to `ms` for output, then drains.
  void PollAndDrain(int ms) {
    pollfd p{fd_, POLLIN, 0};
    poll(&p, 1, ms);
    Drain();
  }

  // Keeps reading until `until` (or the end of the output), then sleeps to `until`.
  void ReadUntil(Clock::time_point until) {
    for (auto now = Clock::now(); !eof_ && now < until; now = Clock::now())
      PollAndDrain(int(std::chrono::ceil<std::chrono::milliseconds>(until - now).count()));
    std::this_thread::sleep_until(until);
  }

  // What the group wrote before it died is still in the pipe: read it, for at most 200 ms.
  void ReadRest() {
    const auto until = Clock::now() + std::chrono::milliseconds(200);
    while (!eof_ && Clock::now() < until) PollAndDrain(10);
  }

 private:
  int fd_;
  size_t cap_;
  ProcessResult* r_;
  bool eof_ = false;
};

// Collects the stacks (when asked for) and kills the child's group; its wait status.
int StopChild(const ProcessSpec& spec, pid_t pid, ProcessResult* r) {
  if (spec.stacks_on_hang) r->stacks = CollectStacks(pid);
  kill(-pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  return status;
}

// Reads the output until the child exits, asks to be stopped (the stop file), or times out
// (then how it hangs is measured); the child's wait status.
int Watch(const ProcessSpec& spec, pid_t pid, Clock::time_point deadline, OutputPipe& out, ProcessResult* r) {
  for (;;) {
    if (!out.eof()) out.PollAndDrain(20);
    else std::this_thread::sleep_for(std::chrono::milliseconds(5));
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return status;
    if (!spec.stop_file.empty() && access(spec.stop_file.c_str(), F_OK) == 0) {
      r->stopped_on_request = true;
      return StopChild(spec, pid, r);
    }
    if (Clock::now() >= deadline) {
      r->timed_out = true;
      MeasureHang(pid, r, [&](Clock::time_point until) { out.ReadUntil(until); });
      return StopChild(spec, pid, r);
    }
  }
}

// Kills what is left of the child's group and its cgroup, and notes the limits it hit.
void CleanUp(pid_t pid, Confinement* c, ProcessResult* r) {
  KillGroupAndReap(pid);
  if (!c->jailed) return;
  // Whatever left the process group (setsid, a double fork) is still in the cgroup.
  c->jail.KillAll();
  r->memory_limit_hit = c->jail.HitMemoryLimit();
  r->pids_limit_hit = c->jail.HitPidsLimit();
  c->jail.Remove();
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
  Confinement confinement;
  if (!Confine(spec, &confinement, &r.error)) return r;
  Child child;
  if (!Fork(confinement, &child, &r.error)) return r;
  ActiveGroup active(child.pid);
  if (!AwaitExec(spec, child, &r.error)) return r;
  r.started = true;
  int status = 0;
  {
    OutputPipe out(child.out, spec.output_cap, &r);
    status = Watch(spec, child.pid, start + spec.timeout, out, &r);
    CleanUp(child.pid, &confinement, &r);
    out.ReadRest();
  }
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
