// Where the learner is in the course: which exercises passed, the next one to do, and the
// progress bar that status and the watch loop show.
#pragma once

#include <cstddef>
#include <string>

#include "kit.h"
#include "state.h"

namespace threadlings {

/// True when `e` passed its last verification.
bool HasPassed(const Progress& p, const Exercise& e);

/// How many of the kit's exercises have passed.
size_t CountPassed(const Kit& kit, const Progress& p);

/// The exercise after `from` in learning order that has not passed (wrapping round, `from`
/// itself last), or null when every exercise passed.
const Exercise* NextUnpassed(const Kit& kit, const Progress& p, const Exercise& from);

/// "[######------] 3/6": `width` marks, filled in proportion.
std::string ProgressBar(size_t passed, size_t total, size_t width);

}  // namespace threadlings
