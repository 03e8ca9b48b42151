// Goal: run_isolated(compute) runs compute() in a child process, so that a crash in it kills
// only the child, and returns the child's result to the caller. A child process gets its own
// copy of the parent's memory: whatever it stores there stays in the child. Hand the result
// over through a pipe instead, reap the child, and throw std::runtime_error when the child
// died without delivering a result.
#pragma once

#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cerrno>

#include <cstdint>
#include <functional>
#include <stdexcept>

/// Runs compute() in a child process and returns its result. Throws std::runtime_error if
/// the child could not be started or died without delivering a result.
inline std::uint64_t run_isolated(const std::function<std::uint64_t()>& compute) {
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
    int code = 1;
    try {
      const std::uint64_t value = compute();
      const char* p = reinterpret_cast<const char*>(&value);
      std::size_t left = sizeof value;
      while (left > 0) {
        const ssize_t n = write(fds[1], p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        p += n;
        left -= static_cast<std::size_t>(n);
      }
      if (left == 0) code = 0;
    } catch (...) {
    }
    _exit(code);
  }
  close(fds[1]);
  std::uint64_t result = 0;
  char* p = reinterpret_cast<char*>(&result);
  std::size_t got = 0;
  while (got < sizeof result) {
    const ssize_t n = read(fds[0], p + got, sizeof result - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  close(fds[0]);
  while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
  }
  if (got != sizeof result) throw std::runtime_error("the child died without a result");
  return result;
}
