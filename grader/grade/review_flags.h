// Flags for an instructor's review. The checks run the submission's code in their own process,
// so code written to attack the grader rather than to fix the exercise (reading the grader's
// paths from /proc or the environment, writing GoogleTest's result itself, ending the process
// early, redefining the assertions) could forge a verdict; no sandbox prevents that. What it
// cannot hide is its source: these flags point at the lines that use such constructs when
// neither the shipped file nor any reference version (solution, wrong-fix mutants) does. A flag
// never changes a verdict or the points; it says where to look.
#pragma once

#include <string>
#include <vector>

namespace threadlings {

/// "exercises/01_x/hit_counter.h:12: reads /proc (...) — `/proc/self/cmdline`" for each line
/// of `submitted` using a construct that none of `references` uses; at most `max_flags`.
std::vector<std::string> ReviewFlags(const std::string& shown_path, const std::string& submitted,
                                     const std::vector<std::string>& references, size_t max_flags = 10);

}  // namespace threadlings
