// How a process that outlived its timeout behaves: CPU time and runnable threads sampled for
// half a second (spinning or blocked), and every thread's stacks from gdb.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <string>

#include "process.h"

namespace threadlings {

/// Samples `pid` for half a second and fills r->hang, r->cpu_share and r->runnable_share.
/// `wait_until` is called between samples and must keep reading the child's output meanwhile:
/// a check that prints without end would otherwise block on the full pipe and look deadlocked.
void MeasureHang(pid_t pid, ProcessResult* r,
                 const std::function<void(std::chrono::steady_clock::time_point)>& wait_until);

/// gdb's "thread apply all bt" of `pid`; "" when gdb cannot be run.
std::string CollectStacks(pid_t pid);

}  // namespace threadlings
