// Goal: run_jobs(jobs) runs every job in a child process of its own, all at the same time,
// and reports how many succeeded and how many failed. A child that has exited stays a zombie
// (a process-table entry holding its exit status) until its parent waits for it, and that exit
// status is the only way to learn how the job went. When run_jobs() returns, every child it
// started must have been reaped, and the report must come from the children's exit statuses.
#pragma once

#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>
#include <stdexcept>
#include <vector>

/// Runs in a child process; returns the child's exit status (0: success).
using Job = std::function<int()>;

struct JobReport {
  int succeeded = 0;  ///< children that exited with status 0
  int failed = 0;     ///< children that exited with another status, or were killed by a signal
};

/// Runs every job in its own child process, in parallel, and reports how they ended.
inline JobReport run_jobs(const std::vector<Job>& jobs) {
  std::vector<pid_t> children;
  for (const Job& job : jobs) {
    const pid_t pid = fork();
    if (pid < 0) {
      for (pid_t started : children) waitpid(started, nullptr, 0);  // leave no zombie behind
      throw std::runtime_error("cannot start a child process");
    }
    if (pid == 0) _exit(job());  // the child runs its job and leaves
    children.push_back(pid);
  }
  JobReport report;
  for (pid_t pid : children) {
    // Block until this child has exited: waitpid() removes its zombie and gives its status.
    int status = 0;
    if (waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0)
      ++report.succeeded;
    else
      ++report.failed;  // another exit status, or killed by a signal (WIFSIGNALED)
  }
  return report;
}
