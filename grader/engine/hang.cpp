#include "hang.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace threadlings {
namespace {

using Clock = std::chrono::steady_clock;

// utime + stime of one process (all its threads), in clock ticks; -1 if gone.
long CpuTicks(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  if (!std::getline(stat, text)) return -1;
  // Fields after the command name, which is in parentheses and may contain spaces.
  const auto close = text.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream rest(text.substr(close + 2));
  std::string field;
  long utime = 0, stime = 0;
  for (int i = 3; rest >> field; ++i) {
    if (i == 14) utime = std::stol(field);
    if (i == 15) {
      stime = std::stol(field);
      break;
    }
  }
  return utime + stime;
}

// True when some thread of `pid` is in state R (running, or runnable and waiting for a CPU).
// Unlike CPU time, this does not depend on how busy the machine is.
bool AnyThreadRunnable(pid_t pid) {
  std::error_code ec;
  for (const auto& task : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
    std::ifstream stat(task.path() / "stat");
    std::string text;
    if (!std::getline(stat, text)) continue;
    const auto close = text.rfind(')');
    if (close != std::string::npos && close + 2 < text.size() && text[close + 2] == 'R') return true;
  }
  return false;
}

}  // namespace

// Spinning or blocked, from half a second of watching: CPU time used, and how often a thread
// was runnable. On a machine so busy that a spinning process gets under a fifth of a core,
// its threads are still seen runnable in nearly every sample; blocked threads almost never.
void MeasureHang(pid_t pid, ProcessResult* r, const std::function<void(Clock::time_point)>& wait_until) {
  constexpr auto kSample = std::chrono::milliseconds(500);
  constexpr int kSamples = 20;
  const long before = CpuTicks(pid);
  const auto start = Clock::now();
  int runnable = 0;
  for (int i = 0; i < kSamples; ++i) {
    if (AnyThreadRunnable(pid)) ++runnable;
    wait_until(start + kSample * (i + 1) / kSamples);
  }
  const long after = CpuTicks(pid);
  if (before < 0 || after < 0) {
    r->hang = HangKind::kBlocked;
    return;
  }
  const double seconds = double(after - before) / double(sysconf(_SC_CLK_TCK));
  r->cpu_share = seconds / std::chrono::duration<double>(Clock::now() - start).count();
  r->runnable_share = double(runnable) / kSamples;
  r->hang = r->cpu_share > 0.2 || r->runnable_share >= 0.5 ? HangKind::kSpinning : HangKind::kBlocked;
}

std::string CollectStacks(pid_t pid) {
  ProcessSpec gdb;
  // sysroot "/": read the binaries from our own view of the filesystem. A check runs in a
  // mount namespace of its own (the sandbox's, or the one that hides /usr/lib/debug), where
  // gdb's default ("target:") would enter the check's namespace, which only root may do; the
  // files gdb needs are the same in both.
  gdb.argv = {"gdb", "-batch", "-nx", "-iex", "set sysroot /", "-p", std::to_string(pid),
              "-ex", "set pagination off", "-ex", "thread apply all bt"};
  gdb.timeout = std::chrono::seconds(20);
  gdb.output_cap = 256 * 1024;
  ProcessResult r = RunProcess(gdb);
  if (!r.started) return "";
  return r.output;
}

}  // namespace threadlings
