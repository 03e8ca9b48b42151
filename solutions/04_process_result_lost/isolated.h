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
  std::uint64_t result = 0;
  // After fork() no variable is shared, but a pipe is: the kernel holds it for both processes.
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("cannot create a pipe");
  const pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    throw std::runtime_error("cannot start the child process");
  }
  if (pid == 0) {  // the child: compute, hand the result over, and leave without returning
    close(fds[0]);
    try {
      result = compute();
    } catch (...) {
      _exit(1);  // an exception must not carry the child back into the caller's code
    }
    const bool sent = write(fds[1], &result, sizeof result) == sizeof result;
    _exit(sent ? 0 : 1);
  }
  // Close our write end, so that read() sees end-of-file (0 bytes) if the child dies first.
  close(fds[1]);
  const ssize_t got = read(fds[0], &result, sizeof result);
  close(fds[0]);
  waitpid(pid, nullptr, 0);  // reap the child: until then an exited child stays a zombie
  if (got != sizeof result) throw std::runtime_error("the child delivered no result");
  return result;
}
