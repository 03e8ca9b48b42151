// Goal: run_isolated(compute) runs compute() in a child process, so that a crash in it kills
// only the child, and returns the child's result to the caller. A child process gets its own
// copy of the parent's memory: whatever it stores there stays in the child. Hand the result
// over through a pipe instead, reap the child, and throw std::runtime_error when the child
// died without delivering a result.
#pragma once

#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sys/mman.h>
#include <cerrno>

#include <cstdint>
#include <functional>
#include <stdexcept>

/// Runs compute() in a child process and returns its result. Throws std::runtime_error if
/// the child could not be started or died without delivering a result.
inline std::uint64_t run_isolated(const std::function<std::uint64_t()>& compute) {
  struct Slot {
    std::uint64_t value;
    int delivered;
  };
  void* mem = mmap(nullptr, sizeof(Slot), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) throw std::runtime_error("cannot map shared memory");
  auto* slot = static_cast<Slot*>(mem);
  slot->value = 0;
  slot->delivered = 0;
  const pid_t pid = fork();
  if (pid < 0) {
    munmap(mem, sizeof(Slot));
    throw std::runtime_error("cannot start the child process");
  }
  if (pid == 0) {
    try {
      slot->value = compute();
      slot->delivered = 1;
      _exit(0);
    } catch (...) {
    }
    _exit(1);
  }
  int status = 0;
  pid_t reaped;
  do {
    reaped = waitpid(pid, &status, 0);
  } while (reaped < 0 && errno == EINTR);
  const bool ok = reaped == pid && slot->delivered == 1;
  const std::uint64_t result = slot->value;
  munmap(mem, sizeof(Slot));
  if (!ok) throw std::runtime_error("the child died without delivering a result");
  return result;
}
