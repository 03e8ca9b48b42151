// Checks for 05_zombie_children. The learner does not edit this file.
//
// The check process stays single-threaded, so forking it is safe under ThreadSanitizer too.
// The jobs of NoZombiesLeft stay busy until the check releases them, until they see the
// parent blocked in a wait call (/proc/PID/task/*/wchan reads "do_wait"), or until kHold has
// passed: a run_jobs() that waits for its children returns after they have exited; one that
// only peeks (WNOHANG) returns while they are provably still running. The check then
// releases them, waits until none is running, and counts this process's children in /proc:
// every child still listed is a zombie nobody waited for. A child of the check's own, exited
// before run_jobs() starts, must still be there for the check to reap afterwards.
// The jobs of JobsRunAtTheSameTime wait until all of them have started (1 s at most), in
// memory shared with the check; FailedForkReapsTheStartedChildren makes the fourth fork()
// fail (a seccomp filter installed from a pthread_atfork handler).
#include <spawner.h>
#include <threadlings/check.h>

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

/// How long a held job waits for the check's release before it finishes by itself.
constexpr int kHoldMs = 500;

/// This process's children that were not reaped yet: still running, or exited (zombies).
struct Children {
  int running = 0;
  int zombies = 0;
};

Children count_children() {
  Children c;
  const pid_t me = getpid();
  std::error_code ec;
  for (fs::directory_iterator it("/proc", ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(it->path() / "stat");
    std::string stat;
    if (!std::getline(in, stat)) continue;
    const auto paren = stat.rfind(')');  // "pid (comm) state ppid ...": comm may hold spaces
    if (paren == std::string::npos) continue;
    std::istringstream rest(stat.substr(paren + 1));
    char state = 0;
    pid_t ppid = 0;
    if (!(rest >> state >> ppid) || ppid != me) continue;
    ++(state == 'Z' ? c.zombies : c.running);
  }
  return c;
}

/// Returns at once when this process has no child left. Otherwise waits up to 2 s until no
/// child is running; reports the zombies left by `started` children, run_jobs() having
/// `after`; then reaps every child, so that nothing is left behind.
void expect_no_zombies(int started, const std::string& after = "returned") {
  siginfo_t info{};
  if (waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) != 0 && errno == ECHILD)
    return;  // no child at all: every child was reaped
  Children c = count_children();
  for (int i = 0; i < 400 && c.running > 0; ++i) {
    std::this_thread::sleep_for(5ms);
    c = count_children();
  }
  if (c.zombies > 0)
    TL_REPORT("wrong-result",
              std::to_string(c.zombies) + " of the " + std::to_string(started) +
                  " child processes run_jobs() started are zombies after it " + after + ": they "
                  "exited, but nobody waited for them (waitpid), so each still holds its "
                  "process-table entry and its exit status");
  else if (c.running > 0)
    TL_REPORT("wrong-result", std::to_string(c.running) + " of the " + std::to_string(started) +
                                  " child processes were still running 2 s after run_jobs() " +
                                  after + " and the check released them");
  while (waitpid(-1, nullptr, WNOHANG) > 0) {
  }
}

/// Whether a thread of process `pid` is blocked in wait()/waitpid()/waitid() right now.
bool waits_for_a_child(pid_t pid) {
  std::error_code ec;
  const fs::path tasks = "/proc/" + std::to_string(pid) + "/task";
  for (fs::directory_iterator it(tasks, ec), end; !ec && it != end; it.increment(ec)) {
    std::ifstream in(it->path() / "wchan");
    std::string wchan;
    if (std::getline(in, wchan) && wchan == "do_wait") return true;
  }
  return false;
}

/// A pipe whose read end the held jobs watch: one byte written releases all of them.
class Release {
 public:
  Release() {
    if (pipe(fds_) != 0) fds_[0] = fds_[1] = -1;
  }
  ~Release() {
    close(fds_[0]);
    close(fds_[1]);
  }
  bool ok() const { return fds_[0] >= 0; }
  /// A job that stays busy until released, until it sees its parent blocked in a wait call,
  /// or kHoldMs at most; then succeeds.
  Job held_job() const {
    const int fd = fds_[0];
    return [fd] {
      const pid_t parent = getppid();
      for (int waited = 0; waited < kHoldMs; waited += 2) {
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, 2) > 0 || waits_for_a_child(parent)) break;
      }
      return 0;
    };
  }
  void release() {
    const char byte = 1;
    if (write(fds_[1], &byte, 1) != 1) ADD_FAILURE() << "cannot release the jobs";
  }

 private:
  int fds_[2];
};

/// A child of the check's own, not started by run_jobs(): it exits at once, and this waits
/// until it has (without reaping it).
pid_t exited_bystander() {
  const pid_t pid = fork();
  if (pid == 0) syscall(SYS_exit_group, 0);
  siginfo_t info{};
  if (pid > 0) waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOWAIT);
  return pid;
}

}  // namespace

// Five jobs, held busy until the check releases them (or they see run_jobs() waiting). When
// run_jobs() has returned and the children are released, none of them may be left as a
// zombie; and the check's own child, which had exited before, is not run_jobs()'s to reap.
TEST(RunJobs, NoZombiesLeft) {
  constexpr int kJobs = 5;
  Release release;
  ASSERT_TRUE(release.ok()) << "cannot create a pipe";
  const pid_t bystander = exited_bystander();
  ASSERT_GT(bystander, 0) << "cannot start a child process";
  const std::vector<Job> jobs(kJobs, release.held_job());
  const JobReport report = run_jobs(jobs);
  release.release();
  if (waitpid(bystander, nullptr, WNOHANG) != bystander)
    TL_REPORT("wrong-result",
              "run_jobs() reaped a child process it did not start (one of the caller's own, "
              "which had already exited): wait for the pids you started, waitpid(pid, ...), "
              "not for any child (wait(), waitpid(-1, ...)); its exit status was the "
              "caller's, and one of the jobs was left unreaped");
  expect_no_zombies(kJobs);  // the bystander is reaped by now, or counts as a job's zombie
  if (!HasFailure() && (report.succeeded != kJobs || report.failed != 0))
    TL_REPORT("wrong-result", "run_jobs() reported " + std::to_string(report.succeeded) +
                                  " succeeded and " + std::to_string(report.failed) +
                                  " failed; all " + std::to_string(kJobs) +
                                  " jobs exited with status 0");
}

// Six jobs: three succeed, two exit with a non-zero status, one is killed by a signal.
TEST(RunJobs, FailuresAreCounted) {
  const std::vector<Job> jobs = {
      [] { return 0; },
      [] { return 3; },
      [] { return 0; },
      [] {
        kill(getpid(), SIGKILL);  // the job crashes
        return 0;
      },
      [] { return 1; },
      [] { return 0; },
  };
  const JobReport report = run_jobs(jobs);
  expect_no_zombies(static_cast<int>(jobs.size()));
  if (HasFailure()) return;
  if (report.succeeded != 3 || report.failed != 3)
    TL_REPORT("wrong-result",
              "run_jobs() reported " + std::to_string(report.succeeded) + " succeeded and " +
                  std::to_string(report.failed) +
                  " failed; expected 3 and 3 (jobs 1 and 4 exited with status 3 and 1, job 3 "
                  "was killed by SIGKILL: a child killed by a signal has no exit status, "
                  "check WIFEXITED before WEXITSTATUS)");
}

namespace {

/// Shared with the children (MAP_SHARED): how many jobs have started, and how many saw all of
/// them started while they were running.
struct Together {
  std::atomic<int> started{0};
  std::atomic<int> saw_all{0};
};

}  // namespace

// Four jobs, each waiting (1 s at most) until all four have started: jobs that run at the
// same time all see that; jobs run one after another see only themselves.
TEST(RunJobs, JobsRunAtTheSameTime) {
  constexpr int kJobs = 4;
  void* memory = mmap(nullptr, sizeof(Together), PROT_READ | PROT_WRITE,
                      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(memory, MAP_FAILED) << "cannot map shared memory";
  auto* together = new (memory) Together;
  const Job job = [together] {
    together->started.fetch_add(1);
    for (int waited = 0; waited < 1000; ++waited) {
      if (together->started.load() == kJobs) {
        together->saw_all.fetch_add(1);
        break;
      }
      std::this_thread::sleep_for(1ms);
    }
    return 0;
  };
  const JobReport report = run_jobs(std::vector<Job>(kJobs, job));
  expect_no_zombies(kJobs);
  const int saw_all = together->saw_all.load();
  munmap(memory, sizeof(Together));
  if (HasFailure()) return;
  if (saw_all != kJobs)
    TL_REPORT("wrong-result",
              std::to_string(kJobs - saw_all) + " of " + std::to_string(kJobs) +
                  " jobs ran without the others: each job waited up to 1 s for all of them to "
                  "be running, and they never were. The jobs ran one after another: start "
                  "every child first, then wait for them");
  else if (report.succeeded != kJobs || report.failed != 0)
    TL_REPORT("wrong-result", "run_jobs() reported " + std::to_string(report.succeeded) +
                                  " succeeded and " + std::to_string(report.failed) +
                                  " failed; all " + std::to_string(kJobs) +
                                  " jobs exited with status 0");
}

namespace {

constexpr int kForksBeforeFailure = 3;
std::atomic<int> forks{0};

/// Makes every later fork() of this process fail with EAGAIN, as when the process table is
/// full: a seccomp filter that fails fork, vfork and clone without CLONE_THREAD.
bool make_fork_fail() {
  sock_filter filter[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_fork, 4, 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_vfork, 3, 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone, 0, 3),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, args[0])),
      BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, CLONE_THREAD, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EAGAIN),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  sock_fprog program{static_cast<unsigned short>(sizeof filter / sizeof filter[0]), filter};
  return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 &&
         syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &program) == 0;
}

std::atomic<bool> fork_failure_armed{false};
std::atomic<bool> fork_failure_installed{false};

}  // namespace

// Six jobs, but the fourth fork() fails: run_jobs() must throw, and only after it has reaped
// the three children it had started.
TEST(RunJobs, FailedForkReapsTheStartedChildren) {
  constexpr int kJobs = 6;
  pthread_atfork(
      [] {  // runs in this process before every fork()
        if (fork_failure_armed.load() && forks.fetch_add(1) == kForksBeforeFailure)
          fork_failure_installed.store(make_fork_fail());
      },
      nullptr, nullptr);
  fork_failure_armed.store(true);
  bool threw = false;
  try {
    (void)run_jobs(std::vector<Job>(kJobs, [] { return 0; }));
  } catch (const std::exception&) {
    threw = true;
  }
  fork_failure_armed.store(false);
  if (!fork_failure_installed.load()) GTEST_SKIP() << "cannot make fork() fail on this machine";
  if (!threw)
    TL_REPORT("wrong-result", "fork() failed for the fourth of six jobs, yet run_jobs() "
                              "returned a report instead of throwing");
  expect_no_zombies(kForksBeforeFailure,
                    threw ? "threw (fork() had failed for the fourth job)" : "returned");
}
