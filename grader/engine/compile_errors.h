// Condensing a compiler's output to the few errors a learner needs: those in the learner's
// files first, each with its source line and caret; an error raised inside a library template
// is shown at the learner's line that led to it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kit.h"
#include "verdict.h"

namespace threadlings {

/// Picks the compiler's error messages out of build output, those in `learner_files` first,
/// each with its source line and caret, at most `max_errors` of them.
std::vector<std::string> CondenseCompilerErrors(const std::string& output,
                                                const std::vector<fs::path>& learner_files,
                                                size_t max_errors = 3);

/// Where a condensed error points: the "file:line:column: " that opens its first line. False
/// (and `*where` untouched) when it names no place.
bool ErrorSite(std::string_view error, Location* where);

}  // namespace threadlings
