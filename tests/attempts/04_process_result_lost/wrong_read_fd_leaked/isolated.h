// Goal: run_isolated(compute) runs compute() in a child process, so that a crash in it kills
// only the child, and returns the child's result to the caller. A child process gets its own
// copy of the parent's memory: whatever it stores there stays in the child. Hand the result
// over through a pipe instead, reap the child, and throw std::runtime_error when the child
// died without delivering a result.
#pragma once

#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <functional>
#include <stdexcept>

/// Runs compute() in a child process and returns its result. Throws std::runtime_error if
/// the child could not be started or died without delivering a result.
inline std::uint64_t run_isolated(const std::function<std::uint64_t()>& compute) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("cannot create a pipe");
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("cannot start the child process");
  if (pid == 0) {
    close(fds[0]);
    const std::uint64_t value = compute();
    (void)!write(fds[1], &value, sizeof value);
    _exit(0);
  }
  close(fds[1]);
  std::uint64_t result = 0;
  const ssize_t n = read(fds[0], &result, sizeof result);
  waitpid(pid, nullptr, 0);
  if (n != static_cast<ssize_t>(sizeof result)) throw std::runtime_error("the child died without a result");
  return result;
}
