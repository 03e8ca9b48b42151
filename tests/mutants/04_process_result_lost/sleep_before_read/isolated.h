// Mutant (a wrong fix): give the child time before reading `result`. Tempting: maybe the parent
// just read too early. Wrong: the child writes into its own address space; no delay ever
// makes that write appear in the parent's memory. Verdict: wrong-result.
// Goal: run_isolated(compute) runs compute() in a child process, so that a crash in it kills
// only the child, and returns the child's result to the caller. A child process gets its own
// copy of the parent's memory: whatever it stores there stays in the child. Hand the result
// over through a pipe instead, reap the child, and throw std::runtime_error when the child
// died without delivering a result.
#pragma once

#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <thread>

/// Runs compute() in a child process and returns its result. Throws std::runtime_error if
/// the child could not be started or died without delivering a result.
inline std::uint64_t run_isolated(const std::function<std::uint64_t()>& compute) {
  std::uint64_t result = 0;
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("cannot start the child process");
  if (pid == 0) {  // the child: compute, hand the result over, and leave without returning
    result = compute();
    _exit(0);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // let the child finish writing
  waitpid(pid, nullptr, 0);
  return result;
}
