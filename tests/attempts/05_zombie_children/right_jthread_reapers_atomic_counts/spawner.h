// Goal: run_jobs(jobs) runs every job in a child process of its own, all at the same time,
// and reports how many succeeded and how many failed. A child that has exited stays a zombie
// (a process-table entry holding its exit status) until its parent waits for it, and that exit
// status is the only way to learn how the job went. When run_jobs() returns, every child it
// started must have been reaped, and the report must come from the children's exit statuses.
#pragma once

#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <thread>

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
  auto reap = [](pid_t pid) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
      if (errno != EINTR) return -1;
    }
    return status;
  };
  for (const Job& job : jobs) {
    const pid_t pid = fork();
    if (pid < 0) {
      for (pid_t started : children) reap(started);
      throw std::runtime_error("cannot start a child process");
    }
    if (pid == 0) _exit(job());  // the child runs its job and leaves
    children.push_back(pid);
  }
  std::atomic<int> succeeded{0};
  std::atomic<int> failed{0};
  {
    std::vector<std::jthread> reapers;
    reapers.reserve(children.size());
    for (pid_t pid : children) {
      reapers.emplace_back([pid, &reap, &succeeded, &failed] {
        const int status = reap(pid);
        if (status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0)
          succeeded.fetch_add(1, std::memory_order_relaxed);
        else
          failed.fetch_add(1, std::memory_order_relaxed);
      });
    }
  }  // every reaper joined here
  JobReport report;
  report.succeeded = succeeded.load();
  report.failed = failed.load();
  return report;
}
