// Running a child process in its own process group, under a wall-clock watchdog, with its
// output captured up to a cap. Nothing the child starts is left running afterwards.
#pragma once

#include <termios.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "sandbox.h"

namespace threadlings {

/// What to run and under which limits.
struct ProcessSpec {
  std::vector<std::string> argv;            ///< argv[0] is looked up in PATH
  std::map<std::string, std::string> env;   ///< set (overriding) on top of the grader's environment
  std::vector<std::string> unset_env;       ///< removed from the environment
  std::string cwd;                          ///< working directory; empty: the grader's
  std::chrono::milliseconds timeout{10'000};  ///< wall clock, then the whole group is killed
  size_t output_cap = 1 << 20;              ///< bytes of stdout+stderr kept; the rest is read and dropped
  bool no_aslr = false;                     ///< run with address-space randomisation off
  bool stacks_on_hang = false;              ///< on timeout, collect all threads' stacks with gdb
  /// When this file appears, the process asks to be looked at: its stacks are collected (if
  /// stacks_on_hang) and its group is killed. A check's livelock watch uses it so the verdict
  /// comes with the spinning threads' stacks. Empty: not watched.
  std::string stop_file;
  /// For untrusted code: resource limits, a cgroup, no network, a read-only filesystem
  /// (what this machine allows of it; see ProbeSandbox). Off by default.
  SandboxLimits sandbox;
  /// Run with the system libraries' debug information (/usr/lib/debug) hidden, where this
  /// machine allows it (CanHideSystemDebugInfo): ThreadSanitizer's reports come about 0.13 s
  /// sooner. Nothing else changes; where it cannot be hidden, the process runs without it.
  bool hide_system_debug_info = false;
};

/// How a process that hit its timeout was behaving.
enum class HangKind {
  kNone,      ///< it did not time out
  kBlocked,   ///< no CPU used while sampled: waiting on something that never comes
  kSpinning,  ///< CPU busy: a busy loop, livelock, or just slow
};

/// What happened.
struct ProcessResult {
  bool started = false;        ///< false: could not start (see error)
  std::string error;           ///< why it could not start
  int exit_code = -1;          ///< when it exited normally
  int signal = 0;              ///< when a signal ended it (not counting the watchdog's kill)
  bool timed_out = false;      ///< the watchdog killed it
  HangKind hang = HangKind::kNone;
  double cpu_share = 0;        ///< CPU used per wall second while sampled after the timeout
  double runnable_share = 0;   ///< share of samples in which a thread was running or runnable
  std::string output;          ///< stdout and stderr, interleaved, at most output_cap bytes
  size_t output_dropped = 0;   ///< bytes read past the cap
  std::string stacks;          ///< gdb's "thread apply all bt", when asked for and available
  bool stopped_on_request = false;  ///< ended because the stop_file appeared
  bool memory_limit_hit = false;    ///< the sandbox's memory limit killed something in it
  bool pids_limit_hit = false;      ///< the sandbox's process cap refused a fork or a thread
  double seconds = 0;          ///< wall time
};

/// Runs the process to completion (or to its timeout) and kills its whole process group.
ProcessResult RunProcess(const ProcessSpec& spec);

/// Makes this process the reaper of orphaned descendants, so that grandchildren of a check
/// can be collected too. RunProcess does it on first use.
void BecomeSubreaper();

/// Ctrl-C, SIGTERM and SIGHUP kill the process groups of the checks running now, then end
/// threadlings as the signal would. Installed by the first RunProcess; the watch loop
/// installs it at once.
void InstallInterruptHandlers();

/// Terminal settings that the interrupt handler puts back on `fd` before threadlings ends
/// (the watch loop reads keys with echo and line editing off). nullptr clears it.
void RestoreTerminalOnInterrupt(int fd, const struct termios* saved);

/// A short description: "exit code 1", "killed by SIGSEGV", "timed out after 10 s (blocked)".
std::string DescribeEnding(const ProcessResult& r, const ProcessSpec& spec);

}  // namespace threadlings
