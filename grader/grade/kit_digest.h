// The kit digest of a grade report: which checks graded it.
#pragma once

#include <string>

#include "kit.h"

namespace threadlings {

/// SHA-256 over what decides a grade and is not the learner's: each exercise's files but the
/// edited ones, and the check harness. Two graders with the same digest grade alike.
std::string KitDigest(const Kit& kit);

}  // namespace threadlings
