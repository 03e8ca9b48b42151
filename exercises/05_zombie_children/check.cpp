// Checks for 05_zombie_children. The learner does not edit this file.
//
// The check process stays single-threaded, so forking it is safe under ThreadSanitizer too.
// The jobs of NoZombiesLeft stay busy until the check releases them, or kHold has passed: a
// run_jobs() that waits for its children returns after they have exited; one that only peeks
// (WNOHANG) returns while they are provably still running. The check then releases them,
// waits until none is running, and counts this process's children in /proc: every child
// still listed is a zombie nobody waited for.
#include <spawner.h>
#include <threadlings/check.h>

#include <poll.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
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

/// Waits up to 2 s until no child is running; reports the zombies left by `started`
/// children; then reaps every child, so that nothing is left behind.
void expect_no_zombies(int started) {
  Children c = count_children();
  for (int i = 0; i < 400 && c.running > 0; ++i) {
    std::this_thread::sleep_for(5ms);
    c = count_children();
  }
  if (c.zombies > 0)
    TL_REPORT("wrong-result",
              std::to_string(c.zombies) + " of the " + std::to_string(started) +
                  " child processes run_jobs() started are zombies after it returned: they "
                  "exited, but nobody waited for them (waitpid), so each still holds its "
                  "process-table entry and its exit status");
  else if (c.running > 0)
    TL_REPORT("wrong-result", std::to_string(c.running) + " of the " + std::to_string(started) +
                                  " child processes were still running 2 s after run_jobs() "
                                  "returned and the check released them");
  while (waitpid(-1, nullptr, WNOHANG) > 0) {
  }
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
  /// A job that stays busy until released, or kHoldMs at most; then succeeds.
  Job held_job() const {
    const int fd = fds_[0];
    return [fd] {
      pollfd p{fd, POLLIN, 0};
      poll(&p, 1, kHoldMs);
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

}  // namespace

// Five jobs, held busy until the check releases them. When run_jobs() has returned and the
// children are released, none of them may be left as a zombie.
TEST(RunJobs, NoZombiesLeft) {
  constexpr int kJobs = 5;
  Release release;
  ASSERT_TRUE(release.ok()) << "cannot create a pipe";
  const std::vector<Job> jobs(kJobs, release.held_job());
  const JobReport report = run_jobs(jobs);
  release.release();
  expect_no_zombies(kJobs);
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
