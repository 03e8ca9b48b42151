// What the grader makes of gdb's stacks of a hung or livelocked check: per thread, what it
// waits for and where in the exercise's code.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "verdict.h"

namespace threadlings {

/// Cuts gdb's "thread apply all bt" down to the frames in `keep` files, per thread: what the
/// thread waits for (a mutex, a condition variable, a join...) and where. If `learner` is
/// given, `*first_learner` gets the first frame in a file for which it returns true.
std::vector<std::string> CondenseStacks(const std::string& gdb_output,
                                        const std::function<bool(const std::string&)>& keep,
                                        const std::function<bool(const std::string&)>& learner = nullptr,
                                        Location* first_learner = nullptr);

}  // namespace threadlings
