// The sandbox protections grading runs under: what reports list, and `grade --sandbox-report`.
#pragma once

#include <vector>

#include "app.h"
#include "sandbox.h"

namespace threadlings {

/// The longest check timeout of these exercises, in seconds.
double LongestTimeout(const std::vector<const Exercise*>& exercises);

/// The sandbox's protections for checks built in this kit's build folder: a user of its own
/// is in force only if such a user can reach the programs there.
std::vector<Protection> GradeProtections(const Kit& kit, const SandboxLimits& limits, double longest_timeout);

/// `grade --sandbox-report`: prints which protections are in force on this machine.
int RunSandboxReport(App& app, const SandboxLimits& limits);

}  // namespace threadlings
