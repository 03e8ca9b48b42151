// Goal: run_isolated(compute) runs compute() in a child process, so that a crash in it kills
// only the child, and returns the child's result to the caller. A child process gets its own
// copy of the parent's memory: whatever it stores there stays in the child. Hand the result
// over through a pipe instead, reap the child, and throw std::runtime_error when the child
// died without delivering a result.
#pragma once

#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sys/socket.h>
#include <cerrno>

#include <cstdint>
#include <functional>
#include <stdexcept>

/// Runs compute() in a child process and returns its result. Throws std::runtime_error if
/// the child could not be started or died without delivering a result.
inline std::uint64_t run_isolated(const std::function<std::uint64_t()>& compute) {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) throw std::runtime_error("cannot create a socket pair");
  const pid_t pid = fork();
  if (pid < 0) {
    close(sv[0]);
    close(sv[1]);
    throw std::runtime_error("cannot start the child process");
  }
  if (pid == 0) {
    close(sv[0]);
    int code = 1;
    try {
      const std::uint64_t value = compute();
      if (send(sv[1], &value, sizeof value, 0) == static_cast<ssize_t>(sizeof value)) code = 0;
    } catch (...) {
    }
    _exit(code);
  }
  close(sv[1]);
  std::uint64_t result = 0;
  ssize_t n;
  do {
    n = recv(sv[0], &result, sizeof result, MSG_WAITALL);
  } while (n < 0 && errno == EINTR);
  close(sv[0]);
  while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
  }
  if (n != static_cast<ssize_t>(sizeof result)) throw std::runtime_error("the child died without delivering a result");
  return result;
}
